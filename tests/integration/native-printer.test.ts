// Printer driver, print queue and TCP sink over real sockets; a serial printer over a socat pty;
// a device-path printer writing to a file.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import { afterEach, describe, expect, it } from 'vitest';
import { createReceiptPrinter } from '../../native/printer/printer';
import { PrintQueue } from '../../native/printer/queue';
import { openCounterDb } from '../../electron/core/db';
import { attachAtRest, openCounterKeyring } from '../../electron/core/privacy/atRest';
import { runCounterRetention } from '../../electron/core/privacy/retention';
import iconv from 'iconv-lite';
import type { ReceiptInput } from '../../domain/receipts/schemas';
import { startPrinterSink } from '../../native/printer/sink';
import { decodeEscPos, EscPosDecoder, type DecodedReceipt } from '../../native/printer/decode';
import { openPtyPair } from '../../native/serial/pty';

const fixture = (t: string) => JSON.parse(readFileSync(`native/fixtures/receipts/${t}.json`, 'utf8'));
const cleanups: Array<() => Promise<unknown> | unknown> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

describe('receipt printer over TCP', () => {
  it('prints an acceptance receipt that the sink decodes to the same text and QR payloads', async () => {
    const sink = await startPrinterSink();
    cleanups.push(() => sink.close());
    const printer = createReceiptPrinter({ interface: sink.url, widthMm: 58 });
    expect(await printer.status()).toMatchObject({ code: 'PRINTER_OK', online: true });
    await printer.print('acceptance', fixture('acceptance'));
    const [r] = await sink.waitForReceipts(1);
    expect(r!.lines).toContain('申请人：𠮷丽娜');
    expect(r!.qr).toEqual([fixture('acceptance').caseQrUrl, fixture('acceptance').ratingQrUrl]);
  });

  it('reports offline with a Chinese message when nothing listens', async () => {
    const sink = await startPrinterSink();
    const url = sink.url;
    await sink.close();
    const printer = createReceiptPrinter({ interface: url, timeoutMs: 500 });
    expect(await printer.status()).toMatchObject({ online: false, code: 'PRINTER_OFFLINE' });
    await expect(printer.print('ticket', fixture('ticket'))).rejects.toMatchObject({ code: 'PRINTER_OFFLINE' });
  });
});

describe('print queue', () => {
  it('persists jobs, survives paper-out and offline, retries, reprints, and loses nothing', async () => {
    const sink = await startPrinterSink();
    cleanups.push(() => sink.close());
    const dir = mkdtempSync(join(tmpdir(), 'hall-printq-'));
    const printer = createReceiptPrinter({ interface: sink.url, widthMm: 80, timeoutMs: 500 });
    // The queue lives in the counter's database (migration 62 creates print_jobs).
    let db = openCounterDb(dir);
    let q = new PrintQueue(db, { printer, retryDelayMs: 50, maxBackoffMs: 100 });

    expect(() => q.enqueue('acceptance', { ...fixture('acceptance'), caseNo: '' })).toThrow(/办件|caseNo/);
    expect(q.list()).toHaveLength(0);

    sink.setPaperOut(true);
    const a = q.enqueue('ticket', fixture('ticket'));
    await q.drain();
    expect(q.get(a.id)).toMatchObject({ state: 'failed', lastErrorCode: 'PRINTER_PAPER_OUT', attempts: 1 });
    expect(q.get(a.id)!.lastError).toContain('缺纸');
    expect(sink.receipts).toHaveLength(0);

    // The counter restarts while the job is failed: it is still there.
    await q.close();
    db.close();
    db = openCounterDb(dir);
    q = new PrintQueue(db, { printer, retryDelayMs: 50, maxBackoffMs: 100 });
    cleanups.push(() => db.close());
    cleanups.push(() => q.close());
    expect(q.get(a.id)!.state).toBe('failed');

    sink.setPaperOut(false);
    await sink.setOffline(true);
    q.retry(a.id);
    await q.drain();
    expect(q.get(a.id)).toMatchObject({ state: 'failed', lastErrorCode: 'PRINTER_OFFLINE', attempts: 2 });

    await sink.setOffline(false);
    const b = q.enqueue('missing-materials', fixture('missing-materials'));
    q.start(30);
    await sink.waitForReceipts(2, 5000);
    await q.stop();
    await q.drain();
    expect(q.get(a.id)!.state).toBe('done');
    expect(q.get(b.id)!.state).toBe('done');
    expect(sink.receipts.map((r) => r.lines[0])).toEqual(expect.arrayContaining(['东城区政务服务中心', '一次性告知书']));

    const c = q.reprint(a.id);
    expect(c.reprintOf).toBe(a.id);
    await q.drain();
    expect(q.get(c.id)!.state).toBe('done');
    expect(sink.receipts).toHaveLength(3);
    // A reprint is the same receipt under a （补打） mark.
    expect(sink.receipts[2]!.lines[0]).toBe('（补打）');
    expect(sink.receipts[2]!.lines.slice(1)).toEqual(sink.receipts.find((r) => r.lines[2] === 'A023')!.lines);
  });

  it('a job left "printing" by a crash is printed again on start-up', async () => {
    const sink = await startPrinterSink();
    cleanups.push(() => sink.close());
    const db = openCounterDb(':memory:');
    const printer = createReceiptPrinter({ interface: sink.url });
    const q1 = new PrintQueue(db, { printer });
    const job = q1.enqueue('daily-summary', fixture('daily-summary'));
    db.prepare(`UPDATE print_jobs SET state = 'printing' WHERE id = ?`).run(job.id);
    const q2 = new PrintQueue(db, { printer });
    expect(q2.get(job.id)!.state).toBe('queued');
    await q2.drain();
    expect(q2.get(job.id)!.state).toBe('done');
    expect((await sink.waitForReceipts(1))[0]!.lines[0]).toBe('窗口日结单');
    db.close();
  });

  it('a job is sealed at rest (no name in its stored data or bytes), prints in clear, and its day key is shredded after 7 days', async () => {
    const sink = await startPrinterSink();
    cleanups.push(() => sink.close());
    const db = openCounterDb(':memory:');
    const sealer = attachAtRest(db, openCounterKeyring({ dataDir: ':memory:' }));
    const DAY = 86_400_000;
    let now = Date.now() - 8 * DAY;
    const q = new PrintQueue(db, { printer: createReceiptPrinter({ interface: sink.url }), sealer, now: () => now });
    const data = fixture('acceptance') as ReceiptInput<'acceptance'>;
    const old = q.enqueue('acceptance', data);
    now = Date.now();
    const fresh = q.enqueue('acceptance', data);
    const raw = db.prepare('SELECT data, bytes FROM print_jobs').all() as { data: string; bytes: Buffer }[];
    expect(raw).toHaveLength(2);
    for (const r of raw) {
      expect(r.data).not.toContain(data.applicant.name);
      expect(r.data).not.toContain('650102');
      expect(r.bytes.includes(iconv.encode(data.applicant.name, 'gb18030'))).toBe(false);
      expect(r.bytes.includes(Buffer.from('650102'))).toBe(false);
    }
    expect((q.dataOf(fresh.id) as typeof data).applicant.name).toBe(data.applicant.name);
    await q.drain();
    const printed = await sink.waitForReceipts(2);
    expect(printed.every((p) => p.lines.some((l) => l.includes(data.applicant.name)))).toBe(true);
    // Retention deletes the 8-day-old job and shreds its day's key; today's job still reprints.
    expect(runCounterRetention(db, new Date(now), 180).printJobs).toBe(1);
    expect(q.get(old.id)).toBeNull();
    const oldDay = `print:${new Date(now - 8 * DAY).toISOString().slice(0, 10)}`;
    expect(db.prepare('SELECT wrapped FROM data_keys WHERE scope = ?').get(oldDay)).toEqual({ wrapped: null });
    const again = q.reprint(fresh.id);
    await q.drain();
    expect(q.get(again.id)!.state).toBe('done');
    expect((await sink.waitForReceipts(3))[2]!.lines.join('\n')).toContain('补打');
    db.close();
  });

  it('a printer that does not report status still prints (paper state unknown)', async () => {
    const sink = await startPrinterSink();
    cleanups.push(() => sink.close());
    sink.setReportsStatus(false);
    const q = new PrintQueue(openCounterDb(':memory:'), { printer: createReceiptPrinter({ interface: sink.url }) });
    const job = q.enqueue('ticket', fixture('ticket'));
    await q.drain();
    expect(q.get(job.id)!.state).toBe('done');
    expect(q.printerStatus?.paper).toBe('unknown');
  });
});

describe('serial and device-path printers', () => {
  it('prints over a serial port (custom interface with baud) and answers status over DLE EOT', async () => {
    const pair = await openPtyPair();
    cleanups.push(() => pair.close());
    const dev = new SerialPort({ path: pair.devicePath, baudRate: 9600 });
    cleanups.push(() => new Promise((r) => dev.close(() => r(undefined))));
    const dec = new EscPosDecoder();
    const got: DecodedReceipt[] = [];
    dev.on('data', (chunk: Buffer) => {
      for (const ev of dec.push(chunk)) {
        if (ev.kind === 'status-request') dev.write(Buffer.from([ev.n === 4 ? 0x1e : 0x12]));
        else got.push(ev.receipt);
      }
    });
    await new Promise((r) => dev.once('open', r));
    const printer = createReceiptPrinter({ interface: `serial:${pair.appPath}?baud=9600`, widthMm: 58 });
    cleanups.push(() => printer.close());
    expect(await printer.status()).toMatchObject({ paper: 'nearEnd', online: true });
    await printer.print('ticket', fixture('ticket'));
    for (let i = 0; i < 100 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(got[0]!.lines).toContain('A023');
  });

  it('prints to a device path', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hall-lp-')), 'lp0');
    writeFileSync(file, '');
    const printer = createReceiptPrinter({ interface: file, widthMm: 80 });
    expect((await printer.status()).online).toBe(true);
    await printer.print('conditional-acceptance', fixture('conditional-acceptance'));
    const [r] = decodeEscPos(readFileSync(file));
    expect(r!.lines[0]).toBe('容缺受理通知书');
    await expect(createReceiptPrinter({ interface: '/dev/nonexistent-lp' }).status()).resolves.toMatchObject({ online: false });
    expect(() => createReceiptPrinter({ interface: 'usb:foo' })).toThrow(/接口格式错误/);
  });
});
