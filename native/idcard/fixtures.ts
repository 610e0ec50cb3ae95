// Ready-made cards of all four kinds for the simulator, the demo and tests. Numbers are synthetic
// but carry correct GB 11643 check digits (computed, not typed in).
import { idCheckChar } from '../../domain/idNumber';
import type { CardFields } from './card';

const withCheck = (first17: string) => first17 + idCheckChar(first17);

export const demoResident: CardFields = {
  kind: 'resident',
  name: '张三丰',
  sexCode: '1',
  nationCode: '01',
  birthDate: '19800101',
  address: '北京市东城区景山前街4号',
  idNumber: withCheck('11010119800101123'),
  authority: '北京市公安局东城分局',
  validFrom: '20200101',
  validTo: '20400101',
};

/** A rare four-byte GB18030 character in the name (𠮷), long-term validity, a minority nation. */
export const rareNameResident: CardFields = {
  kind: 'resident',
  name: '𠮷丽娜',
  sexCode: '2',
  nationCode: '05',
  birthDate: '19550315',
  address: '新疆维吾尔自治区乌鲁木齐市天山区解放南路1号',
  idNumber: withCheck('65010219550315002'),
  authority: '乌鲁木齐市公安局天山区分局',
  validFrom: '20150315',
  validTo: '长期',
};

export const expiredResident: CardFields = {
  ...demoResident,
  name: '李四',
  idNumber: withCheck('11010519700607201'),
  birthDate: '19700607',
  validFrom: '20000101',
  validTo: '20200101',
};

/** Same as the demo card but the last digit is wrong (the SAM returns whatever is printed). */
export const badCheckDigitResident: CardFields = {
  ...demoResident,
  name: '王五',
  idNumber: withCheck('11010119800101123').slice(0, 17) + (withCheck('11010119800101123').endsWith('0') ? '1' : '0'),
};

export const demoHmtPermit: CardFields = {
  kind: 'hmtPermit',
  name: '陈大文',
  sexCode: '1',
  birthDate: '19900520',
  address: '广东省深圳市福田区福中三路2号',
  idNumber: withCheck('81000019900520001'),
  authority: '深圳市公安局',
  validFrom: '20210101',
  validTo: '20310101',
  passNumber: 'H12345678',
  issueCount: '01',
};

export const demoForeignOld: CardFields = {
  kind: 'foreignPermanentOld',
  nameEn: 'SMITH, JOHN',
  name: '史密斯',
  sexCode: '1',
  idNumber: 'USA110079060502',
  nationality: 'USA',
  birthDate: '19790605',
  validFrom: '20150101',
  validTo: '20350101',
  cardVersion: '01',
  authorityCode: '1100',
};

export const demoForeignNew: CardFields = {
  kind: 'foreignPermanent',
  name: '玛丽',
  nameEn: 'MARIE CURIE',
  sexCode: '2',
  birthDate: '19850707',
  idNumber: withCheck('93311019850707001'),
  authority: '国家移民管理局',
  validFrom: '20240101',
  validTo: '20340101',
  nationality: 'FRA',
};

export const cardFixtures = {
  resident: demoResident,
  rareName: rareNameResident,
  expired: expiredResident,
  badCheckDigit: badCheckDigitResident,
  hmtPermit: demoHmtPermit,
  foreignOld: demoForeignOld,
  foreignNew: demoForeignNew,
} as const;
export type CardFixtureName = keyof typeof cardFixtures;
