import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { receiptSchemas, receiptTemplates } from '../../domain/receipts/schemas';
import { renderReceipt } from '../../native/printer/render';
import { decodeEscPos, EscPosDecoder } from '../../native/printer/decode';
import { displayWidth, gb18030, wrapWidth, padEndWidth } from '../../native/printer/text';
import { interpretStatus } from '../../native/printer/printer';

const fixture = (t: string) => JSON.parse(readFileSync(`native/fixtures/receipts/${t}.json`, 'utf8'));

describe('display width and GB18030', () => {
  it('counts Han and fullwidth as two columns, rare ext-B characters too', () => {
    expect(displayWidth('A023')).toBe(4);
    expect(displayWidth('张三丰')).toBe(6);
    expect(displayWidth('𠮷')).toBe(2);
    expect(displayWidth('（）')).toBe(4);
    expect(displayWidth(padEndWidth('王五', 10))).toBe(10);
  });

  it('encodes 𠮷 as a four-byte GB18030 sequence, never "?"', () => {
    const b = gb18030('𠮷');
    expect(b.length).toBe(4);
    expect(b.includes(0x3f)).toBe(false);
    expect(iconv.decode(b, 'gb18030')).toBe('𠮷');
    // the library's CHINA code page (cp936) cannot: this is why we encode ourselves
    expect(iconv.encode('𠮷', 'cp936').toString('latin1')).toBe('?');
  });

  it('wraps by width, keeps ASCII words whole and never starts a line with a closing mark', () => {
    const lines = wrapWidth('请携带营业执照、法定代表人身份证明，并到https://hall.example.gov.cn/x查询。', 16);
    for (const l of lines) expect(displayWidth(l)).toBeLessThanOrEqual(16);
    expect(lines.some((l) => l.includes('https://hall.example.gov.cn/x'))).toBe(false); // longer than a line: split
    for (const l of lines) expect('，。、；）'.includes(l[0]!)).toBe(false);
    expect(wrapWidth('abc def', 5)).toEqual(['abc', 'def']);
  });
});

describe('receipt templates', () => {
  it('every example fixture matches its domain schema exactly', () => {
    for (const t of receiptTemplates) {
      const r = receiptSchemas[t].safeParse(fixture(t));
      expect(r.success, `${t}: ${JSON.stringify(!r.success && r.error.issues)}`).toBe(true);
    }
  });

  it.each(receiptTemplates.flatMap((t) => [[t, 58] as const, [t, 80] as const]))('%s at %i mm: fits the paper and decodes back to the same lines', (t, mm) => {
    const r = renderReceipt(t, fixture(t), { widthMm: mm });
    expect(r.cols).toBe(mm === 58 ? 32 : 48);
    for (const l of r.lines) if (!l.startsWith('[QR:')) expect(displayWidth(l), l).toBeLessThanOrEqual(r.cols);
    const decoded = decodeEscPos(r.bytes);
    expect(decoded).toHaveLength(1);
    expect(decoded[0]!.lines).toEqual(r.lines);
    expect(decoded[0]!.cut).toBe(true);
    expect(r.html).toContain('<div class="receipt"');
  });

  it('acceptance receipt prints every required field, the rare name and both QR codes', () => {
    const data = fixture('acceptance');
    const r = renderReceipt('acceptance', data, { widthMm: 80 });
    const text = r.lines.join('\n');
    for (const s of [
      '受理回执',
      '东政服受〔2026〕第00123号',
      '𠮷丽娜',
      '138****5678',
      '食品经营许可（新办）',
      '110101202611240001',
      '2026年11月24日',
      '法律依据',
      '营业执照',
      '王晓梅（工号DC0517）',
      '2026年12月8日',
      '5号窗口',
      '申请人签字',
    ]) {
      expect(text).toContain(s);
    }
    const d = decodeEscPos(r.bytes)[0]!;
    expect(d.qr).toEqual([data.caseQrUrl, data.ratingQrUrl]);
    // GB18030 bytes of 𠮷 are in the stream
    expect(r.bytes.includes(gb18030('𠮷'))).toBe(true);
  });

  it('missing-materials lists every item with its requirement; conditional acceptance checks its deadline', () => {
    const text = renderReceipt('missing-materials', fixture('missing-materials'), { widthMm: 80 }).lines.join('');
    for (const item of fixture('missing-materials').items) {
      expect(text.replace(/\s+/g, '')).toContain(item.name);
      expect(text.replace(/\s+/g, '')).toContain(item.requirement.replace(/\s+/g, ''));
    }
    const bad = { ...fixture('conditional-acceptance'), supplyDeadline: '2026-12-31' };
    expect(() => renderReceipt('conditional-acceptance', bad)).toThrow(/不能晚于承诺办结日期/);
  });

  it('rejects bad data with a Chinese message and a stable code; QR payloads must be ASCII', () => {
    const bad = { ...fixture('acceptance'), ratingQrUrl: 'https://例子.cn/评价' };
    try {
      renderReceipt('acceptance', bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'RECEIPT_DATA_INVALID' });
      expect((e as Error).message).toContain('ratingQrUrl');
      expect((e as Error).message).toContain('ASCII');
    }
    expect(() => renderReceipt('nope' as 'ticket', {} as never)).toThrow(/没有名为/);
  });

  it('HTML preview escapes markup', () => {
    const r = renderReceipt('ticket', { ...fixture('ticket'), hallName: '<script>x</script>' });
    expect(r.html).not.toContain('<script>x');
    expect(r.html).toContain('&lt;script&gt;');
  });
});

describe('ESC/POS decoder and status bytes', () => {
  it('handles a stream split at every byte and answers nothing but reports DLE EOT', () => {
    const r = renderReceipt('ticket', fixture('ticket'), { widthMm: 58 });
    const dec = new EscPosDecoder();
    const events = [...Buffer.concat([Buffer.from([0x10, 0x04, 0x04]), r.bytes])].flatMap((b) => dec.push(Buffer.from([b])));
    expect(events[0]).toEqual({ kind: 'status-request', n: 4 });
    const rec = events.find((e) => e.kind === 'receipt');
    expect(rec && rec.kind === 'receipt' && rec.receipt.lines).toEqual(r.lines);
  });

  it('interprets DLE EOT replies', () => {
    expect(interpretStatus(Buffer.from([0x12, 0x12])).code).toBe('PRINTER_OK');
    expect(interpretStatus(Buffer.from([0x12, 0x72]))).toMatchObject({ code: 'PRINTER_PAPER_OUT', online: false });
    expect(interpretStatus(Buffer.from([0x12, 0x1e]))).toMatchObject({ code: 'PRINTER_PAPER_NEAR_END', online: true });
    expect(interpretStatus(Buffer.from([0x1a, 0x12]))).toMatchObject({ code: 'PRINTER_NOT_READY', online: false });
    expect(interpretStatus(null)).toMatchObject({ paper: 'unknown', online: true });
  });
});
