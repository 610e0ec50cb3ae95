// The licence library's demo holdings: licences for the demo card holders (native/idcard/fixtures.ts)
// and one demo company. Identifiers are built by the domain rule, so they validate like real ones.
import { makeLicenceId, type LicenceSummary, type LicenceType } from '../../domain/licences';
import { demoResident, rareNameResident } from '../idcard/fixtures';

export interface HeldLicence extends LicenceSummary {
  /** ID number or 统一社会信用代码 of the holder. */
  holderId: string;
}

const PSB = '11110101MB1234567X'; // 东城分局 (sample issuer codes, 18 chars)
const CIVIL = '11110101MB0000002T';
const HOUSING = '11110101MB0000003P';
const MARKET = '11110101MB0000004K';

function lic(
  type: LicenceType,
  serial: number,
  holderId: string,
  holderName: string,
  fields: { name: string; number: string; issuer: string; issuerCode: string; issuedOn: string; validTo: string | null },
): HeldLicence {
  return {
    licenceId: makeLicenceId(type, fields.issuerCode, serial),
    licenceType: type,
    name: fields.name,
    number: fields.number,
    holderName,
    holderId,
    issuer: fields.issuer,
    issuerCode: fields.issuerCode,
    issuedOn: fields.issuedOn,
    validFrom: fields.issuedOn,
    validTo: fields.validTo,
    status: 'valid',
  };
}

export const DEMO_COMPANY = { name: '北京景山餐饮有限公司', creditCode: '91110101MA01ABCD9X' };

export function demoLicences(): HeldLicence[] {
  const z = demoResident.idNumber;
  const r = rareNameResident.idNumber;
  return [
    lic('idCard', 1001, z, demoResident.name, {
      name: '居民身份证',
      number: z,
      issuer: demoResident.authority ?? '北京市公安局东城分局',
      issuerCode: PSB,
      issuedOn: '2020-01-01',
      validTo: '2040-01-01',
    }),
    lic('household', 1002, z, demoResident.name, {
      name: '居民户口簿',
      number: '110101012345',
      issuer: '北京市公安局东城分局景山派出所',
      issuerCode: PSB,
      issuedOn: '2015-06-18',
      validTo: null,
    }),
    lic('marriage', 1003, z, demoResident.name, {
      name: '结婚证',
      number: 'J110101-2008-001234',
      issuer: '北京市东城区民政局',
      issuerCode: CIVIL,
      issuedOn: '2008-10-01',
      validTo: null,
    }),
    lic('propertyCert', 1004, z, demoResident.name, {
      name: '不动产权证书',
      number: '京(2019)东城区不动产权第0012345号',
      issuer: '北京市规划和自然资源委员会东城分局',
      issuerCode: HOUSING,
      issuedOn: '2019-04-12',
      validTo: null,
    }),
    lic('idCard', 1005, r, rareNameResident.name, {
      name: '居民身份证',
      number: r,
      issuer: rareNameResident.authority ?? '乌鲁木齐市公安局天山区分局',
      issuerCode: PSB,
      issuedOn: '2015-03-15',
      validTo: null,
    }),
    lic('businessLicence', 1006, DEMO_COMPANY.creditCode, DEMO_COMPANY.name, {
      name: '营业执照',
      number: DEMO_COMPANY.creditCode,
      issuer: '北京市东城区市场监督管理局',
      issuerCode: MARKET,
      issuedOn: '2021-09-01',
      validTo: null,
    }),
  ];
}
