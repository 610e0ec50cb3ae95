// The tracking hub keeps each followed line's waiting places from the event log instead of
// re-reading the whole line at every evaluation (server/track/waitingPlaces.ts). Here every kind of
// move a line sees — issue, call, no-show, transfer to another line at its head, keeping its place
// or at the tail, a transfer back, and a walk-in served at once — is made against the real hall
// server, and after each one every open page's "ahead" (its own reducer over the WebSocket's line
// messages) must equal what the hall answers over HTTP from the database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startHallServer } from '../../server/app';
import { trackStreamMessageSchema, trackViewSchema, type TrackView } from '../../domain/api/track';
import { applyTrackMessage } from '../../domain/queue/trackLine';
import { waitFor } from '../support/waitFor';

let hall: Awaited<ReturnType<typeof startHallServer>>;
let kiosk: string;
let clerk1: string;
let clerk3: string;

async function call(method: string, path: string, body?: unknown, tok?: string) {
  const res = await fetch(hall.url + path, {
    method,
    headers: { ...(tok ? { authorization: `Bearer ${tok}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test reads loosely typed JSON
  return { status: res.status, json: (text ? JSON.parse(text) : null) as any };
}
const ok = async (method: string, path: string, body: unknown, tok: string) => {
  const r = await call(method, path, body, tok);
  expect(r.status, `${path}: ${JSON.stringify(r.json)}`).toBeLessThan(300);
  return r.json;
};
const tokenOf = (url: string) => /#\/track\/([A-Za-z0-9_-]{22})$/.exec(url)![1]!;

interface Page {
  id: string;
  token: string;
  ws: WebSocket;
  view: TrackView | null;
  stale: number;
}
const pages: Page[] = [];

async function open(category: string): Promise<Page> {
  const t = await ok('POST', '/api/tickets', { category }, kiosk);
  const token = tokenOf(t.trackUrl);
  const page: Page = { id: t.id, token, ws: new WebSocket(`${hall.url.replace('http', 'ws')}/api/track/${token}/ws`), view: null, stale: 0 };
  page.ws.on('message', (d) => {
    const r = applyTrackMessage(page.view, trackStreamMessageSchema.parse(JSON.parse(String(d))));
    if (r.stale) page.stale++;
    page.view = r.view;
  });
  pages.push(page);
  return page;
}

/** Every open page shows what the hall answers from its database (state and "ahead"). */
async function pagesAgree(step: string): Promise<void> {
  const truth = async () => Promise.all(pages.map(async (p) => ({ p, v: trackViewSchema.parse((await call('GET', `/api/track/${p.token}`)).json) })));
  const differing = async () =>
    (await truth()).filter(({ p, v }) => !p.view || p.view.state !== v.state || (v.state === 'waiting' && p.view.ahead !== v.ahead));
  await waitFor(async () => (await differing()).length === 0, 10_000).catch(async () => {
    const d = await differing();
    throw new Error(
      `pages differ from the hall after ${step}: ${JSON.stringify(d.map(({ p, v }) => ({ page: p.view?.ahead, hall: v.ahead, state: v.state })))}`,
    );
  });
  expect(pages.every((p) => p.stale === 0)).toBe(true);
}

beforeAll(async () => {
  hall = await startHallServer({ port: 0, dataDir: ':memory:', seed: 'demo', logLevel: 'silent', trackIntervalMs: 30, trackLineEveryMs: 60 });
  kiosk = (await call('POST', '/api/devices/enroll', { code: 'KIOSK-DEMO', kind: 'kiosk', name: 'k' })).json.token;
  clerk1 = (await call('POST', '/api/auth/login', { workNo: 'C001', password: 'demo' })).json.token;
  clerk3 = (await call('POST', '/api/auth/login', { workNo: 'C003', password: 'demo' })).json.token;
  await ok('POST', '/api/windows/1/open', {}, clerk1);
  await ok('POST', '/api/windows/3/open', {}, clerk3);
});
afterAll(async () => {
  for (const p of pages) p.ws.close();
  await hall?.close();
});

describe('tracking pages follow every kind of line move', () => {
  it("each page's ahead equals the hall's after issue, call, no-show, transfers (head, keep, tail, back) and a walk-in", async () => {
    for (let i = 0; i < 5; i++) await open('A');
    for (let i = 0; i < 5; i++) await open('B');
    await pagesAgree('ten tickets issued');

    // Window 3 serves only B: its head leaves B's line.
    await ok('POST', '/api/windows/3/call-next', {}, clerk3);
    await pagesAgree('B called');
    await ok('POST', '/api/windows/3/no-show', {}, clerk3);
    await pagesAgree('B no-show');

    // Window 1 calls A's head and sends it to the head of B: it joins B in front of everyone.
    const a1 = await ok('POST', '/api/windows/1/call-next', { category: 'A' }, clerk1);
    expect(a1.ticket.category).toBe('A');
    await ok('POST', '/api/windows/1/transfer', { category: 'B', position: 'head', reason: '转社保' }, clerk1);
    await pagesAgree('A → head of B');

    // Keeping its place: an A ticket issued before every B ticket lands in the middle of B's line.
    await ok('POST', '/api/windows/1/call-next', { category: 'A' }, clerk1);
    await ok('POST', '/api/windows/1/transfer', { category: 'B', position: 'keep' }, clerk1);
    await pagesAgree('A → B keeping its place');

    // A B ticket sent back to A's tail, then more tickets join both lines.
    await ok('POST', '/api/windows/3/call-next', {}, clerk3);
    await ok('POST', '/api/windows/3/transfer', { category: 'A', position: 'tail' }, clerk3);
    await open('A');
    await open('B');
    await pagesAgree('B → tail of A, two more issued');

    // Served to the end, and a walk-in that never waits.
    await ok('POST', '/api/windows/1/call-next', { category: 'B' }, clerk1);
    await ok('POST', '/api/windows/1/start', {}, clerk1);
    await ok('POST', '/api/windows/1/finish', {}, clerk1);
    await ok('POST', '/api/windows/1/walk-in', { category: 'A' }, clerk1);
    await pagesAgree('served, walk-in');

    // Whole lines were read once each, when first followed (A and B); after that only the tickets the log named.
    expect(hall.trackHub.placeReads.lines).toBe(2);
    expect(hall.trackHub.placeReads.tickets).toBeGreaterThan(0);
  });
});
