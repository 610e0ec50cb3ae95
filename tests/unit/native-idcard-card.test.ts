import { describe, expect, it } from 'vitest';
import { buildTextBlock, parseAppendedAddress, buildAppendedAddress, parseTextBlock } from '../../native/idcard/card';
import { cardFixtures } from '../../native/idcard/fixtures';
import { buildReadReply, parseReadReply } from '../../native/idcard/replies';
import { parseFrame, toReply, buildReply } from '../../native/idcard/frame';
import { fakeWlt } from '../../native/idcard/simulator';
import { NATION } from '../../native/idcard/codes';

const today = '2026-11-24';

describe('text block of a resident card', () => {
  it('builds and parses the 30 01 reply at the documented offsets', () => {
    const text = buildTextBlock(cardFixtures.resident);
    const frame = buildReadReply(text, fakeWlt());
    expect(frame.length).toBe(1295);
    expect([...frame.subarray(0, 14)]).toEqual([0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x05, 0x08, 0x00, 0x00, 0x90, 0x01, 0x00, 0x04, 0x00]);
    expect(frame.subarray(14, 270).equals(text)).toBe(true);
    const payload = parseReadReply(toReply(parseFrame(frame)));
    expect(payload.photo.equals(fakeWlt())).toBe(true);
    const card = parseTextBlock(payload.text, { today });
    expect(card).toMatchObject({
      kind: 'resident',
      name: '张三丰',
      sex: '男',
      nation: '汉',
      nationCode: '01',
      birthDate: '1980-01-01',
      address: '北京市东城区景山前街4号',
      authority: '北京市公安局东城分局',
      validFrom: '2020-01-01',
      validTo: '2040-01-01',
      idNumberValid: true,
      expired: false,
      longTerm: false,
    });
    // byte-level: name at 0, sex at 30, ID number at 122 (UCS-2LE)
    expect(text.toString('utf16le', 0, 6)).toBe('张三丰');
    expect(text.toString('utf16le', 30, 32)).toBe('1');
    expect(text.toString('utf16le', 122, 158)).toBe(cardFixtures.resident.idNumber);
  });

  it('长期 validity is 7F 95 1F 67 and never expires; rare name characters survive', () => {
    const text = buildTextBlock(cardFixtures.rareName);
    expect([...text.subarray(204, 208)]).toEqual([0x7f, 0x95, 0x1f, 0x67]);
    const card = parseTextBlock(text, { today: '2099-01-01' });
    expect(card).toMatchObject({ name: '𠮷丽娜', validTo: '长期', longTerm: true, expired: false, sex: '女', nation: '维吾尔' });
  });

  it('flags expired cards and bad check digits', () => {
    expect(parseTextBlock(buildTextBlock(cardFixtures.expired), { today }).expired).toBe(true);
    const bad = parseTextBlock(buildTextBlock(cardFixtures.badCheckDigit), { today });
    expect(bad.idNumberValid).toBe(false);
    expect(bad.idNumberProblem).toContain('校验位');
  });

  it('unknown codes degrade to labels, not crashes', () => {
    const t = buildTextBlock({ ...cardFixtures.resident, sexCode: '7', nationCode: '99' });
    const c = parseTextBlock(t, { today });
    expect(c.sex).toBe('未知');
    expect(c.nation).toBeNull();
    expect(NATION['56']).toBe('基诺');
    expect(NATION['98']).toBe('外国血统中国籍人士');
  });
});

describe('other card kinds', () => {
  it("'J' HK/Macao/Taiwan residence permit", () => {
    const text = buildTextBlock(cardFixtures.hmtPermit);
    expect([...text.subarray(248, 250)]).toEqual([0x4a, 0x00]);
    const c = parseTextBlock(text, { today });
    expect(c).toMatchObject({
      kind: 'hmtPermit',
      name: '陈大文',
      nation: null,
      passNumber: 'H12345678',
      issueCount: '01',
      idNumberValid: true,
      expired: false,
    });
  });

  it("'I' old foreign permanent resident card", () => {
    const text = buildTextBlock(cardFixtures.foreignOld);
    expect([...text.subarray(248, 250)]).toEqual([0x49, 0x00]);
    const c = parseTextBlock(text, { today });
    expect(c).toMatchObject({
      kind: 'foreignPermanentOld',
      nameEn: 'SMITH, JOHN',
      name: '史密斯',
      idNumber: 'USA110079060502',
      nationality: 'USA',
      birthDate: '1979-06-05',
      cardVersion: '01',
      authorityCode: '1100',
      idNumberValid: null,
      address: null,
    });
    expect(text.toString('utf16le', 152, 158)).toBe('USA');
  });

  it("'Y' 2023 foreign permanent resident ID card", () => {
    const text = buildTextBlock(cardFixtures.foreignNew);
    expect([...text.subarray(248, 250)]).toEqual([0x59, 0x00]);
    const c = parseTextBlock(text, { today });
    expect(c).toMatchObject({ kind: 'foreignPermanent', name: '玛丽', nameEn: 'MARIE CURIE', nationality: 'FRA', idNumberValid: true });
    expect(c.idNumber.startsWith('9')).toBe(true);
  });
});

describe('30 10 and 30 03', () => {
  it('30 10 carries three lengths and the fingerprint', () => {
    const fp = Buffer.alloc(512, 7);
    const frame = buildReadReply(buildTextBlock(cardFixtures.resident), fakeWlt(), fp);
    expect(frame.readUInt16BE(10)).toBe(256);
    expect(frame.readUInt16BE(12)).toBe(1024);
    expect(frame.readUInt16BE(14)).toBe(512);
    const p = parseReadReply(toReply(parseFrame(frame)), true);
    expect(p.fingerprint?.equals(fp)).toBe(true);
    expect(p.text.equals(frame.subarray(16, 272))).toBe(true);
  });

  it('30 03 appended address is 70 bytes UCS-2LE', () => {
    const frame = buildReply(0x90, buildAppendedAddress('迁往上海市浦东新区'));
    expect(frame.length).toBe(7 + 4 + 70);
    expect(parseAppendedAddress(toReply(parseFrame(frame)).data)).toBe('迁往上海市浦东新区');
  });

  it('a failed read maps SW3 to a Chinese message', () => {
    expect(() => parseReadReply(toReply(parseFrame(buildReply(0x41))))).toThrow('读证失败');
    expect(() => parseReadReply(toReply(parseFrame(buildReply(0x90, Buffer.from([1, 0, 4, 0, 9])))))).toThrow(/不完整/);
  });
});
