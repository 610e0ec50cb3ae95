// Issue 17, 打印跟踪凭条 through the real counter core: a hall server process (demo seed) and a TCP
// printer sink decoding the ESC/POS bytes. The slip's QR must decode to the ticket's trackUrl, the
// slip carries the number, category and the line telling the citizen to scan, nothing personal;
// with the printer offline the clerk gets a Chinese error and the slip prints once it is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCounterAtDemoHall, type CounterAtHall } from '../support/counterAtDemoHall';
import { waitFor } from '../support/waitFor';
import { DEFAULT_RECEIPT_WORDING } from '../../domain/receipts/wording';
import type { Ticket } from '../../domain/api/hall';
import type { PrinterSink } from '../../native/printer/sink';
import type { CounterCore } from '../../electron/core/counterCore';

let at: CounterAtHall;
let sink: PrinterSink;
let core: CounterCore;
let manager: string;

const http = async <T>(method: string, path: string, token?: string, body?: unknown): Promise<{ status: number; body: T }> => {
  const r = await fetch(at.base + path, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: r.status, body: (await r.json()) as T };
};
const slips = () => sink.receipts.filter((r) => r.lines.some((l) => l.includes(DEFAULT_RECEIPT_WORDING.trackSlipTitle)));

beforeAll(async () => {
  at = await startCounterAtDemoHall({ prefix: 'counter-track-slip' });
  ({ sink, core } = at);
  await waitFor(async () => (await core.host.call('queue.get', {})).online);
  manager = (await http<{ token: string }>('POST', '/api/auth/login', undefined, { workNo: 'M001', password: 'demo' })).body.token;
}, 60_000);

afterAll(async () => {
  await at?.close();
});

describe('打印跟踪凭条 at the counter', () => {
  let ticket: Ticket;

  it('prints the number, category and the tracking QR (decoding to the trackUrl), nothing personal', async () => {
    expect((await http('POST', '/api/tickets', manager, { category: 'A', channel: 'manual' })).status).toBe(201);
    ticket = (await core.host.call('queue.callNext', {}))!;
    await core.host.call('queue.leavePhone', { ticketId: ticket.id, phone: '13800138000' });
    const track = await core.host.call('queue.track', { ticketId: ticket.id });
    expect(track.trackUrl).toMatch(/#\/track\/[A-Za-z0-9_-]{22}$/);
    expect(track.number).toBe(ticket.number);

    const before = sink.receipts.length;
    const r = await core.host.call('queue.printTrack', { ticketId: ticket.id });
    expect(r).toMatchObject({ state: 'done', label: DEFAULT_RECEIPT_WORDING.trackSlipTitle, error: null });
    const [slip] = await waitFor(() => (sink.receipts.length > before ? sink.receipts.slice(before) : null));
    expect(slip!.qr).toEqual([track.trackUrl]);
    const text = slip!.lines.join('\n');
    expect(text).toContain(DEFAULT_RECEIPT_WORDING.trackSlipTitle);
    expect(text).toContain(ticket.number);
    expect(text).toContain('扫码查看排队进度');
    expect(text.replace(/\s/g, '')).toContain(DEFAULT_RECEIPT_WORDING.trackSlipNotice.replace(/\s/g, '').slice(0, 12));
    // The ticket's category by name (demo seed: A is a named category, not the code alone).
    expect(text).toContain(track.categoryName!);
    expect(track.categoryName).not.toBe('A');
    // Nothing personal: not the phone left for SMS (whole or masked), no "ahead" (the citizen is at the window).
    expect(text).not.toMatch(/138|8000|手机号|前面还有/);
  });

  it('a ticket the hall does not know: the hall’s refusal, nothing printed', async () => {
    const before = sink.receipts.length;
    await expect(core.host.call('queue.printTrack', { ticketId: '01900000-0000-7000-8000-000000000000' })).rejects.toMatchObject({ code: expect.any(String) });
    await expect(core.host.call('queue.printTrack', { ticketId: 42 } as never)).rejects.toThrow();
    await new Promise((r) => setTimeout(r, 300));
    expect(sink.receipts.length).toBe(before);
  });

  it('printer offline: a clear Chinese error, the slip is kept and prints when the printer is back', async () => {
    const before = slips().length;
    await sink.setOffline(true);
    const err = await core.host.call('queue.printTrack', { ticketId: ticket.id }).then(
      () => null,
      (e: { code?: string; message?: string }) => e,
    );
    expect(err).toMatchObject({ code: 'TRACK_SLIP_NOT_PRINTED' });
    expect(err!.message).toMatch(/跟踪凭条未能打印（打印机离线.*）。凭条已保存，打印机恢复后自动补打/);
    await sink.setOffline(false);
    const track = await core.host.call('queue.track', { ticketId: ticket.id });
    const again = await waitFor(() => (slips().length > before ? slips()[before] : null), 40_000);
    expect(again.qr).toEqual([track.trackUrl]);
  }, 60_000);
});
