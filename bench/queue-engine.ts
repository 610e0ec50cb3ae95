// The queue engine alone, in-process (no HTTP): CPU time per call-next and per ticket issued,
// driven through the same group-commit path (engine.submit) the routes use. Tells how much of
// the hall server's per-call cost is the queue itself and how much is HTTP.
// Run: npx tsx bench/queue-engine.ts [--windows 200] [--rounds 60]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openStore } from '../server/db/connection';
import { benchSpec, seedHall } from '../server/seed/demo';
import { HallEngine } from '../server/queue/engine';
import type { Actor } from '../server/auth';

const { values } = parseArgs({ options: { windows: { type: 'string', default: '200' }, rounds: { type: 'string', default: '60' } } });
const WINDOWS = Number(values.windows);
const ROUNDS = Number(values.rounds);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'engine-bench-'));
const store = openStore(dir);
seedHall(store, benchSpec(WINDOWS), 'demo');
const engine = new HallEngine(store, { timeZone: 'Asia/Shanghai' });
const kiosk: Actor = { kind: 'device', subject: 'kiosk-bench', role: 'kiosk', windowNo: null };
const clerks: Actor[] = Array.from({ length: WINDOWS }, (_, i) => ({
  kind: 'staff',
  subject: `B${String(i + 1).padStart(3, '0')}`,
  role: 'clerk',
  windowNo: i + 1,
}));
for (const c of clerks) engine.mutate(() => engine.seatClerk(c.windowNo!, c.subject, c, 'login'));

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000; // ms
};

// Tickets: issued in groups of 16 (as concurrent kiosks would arrive).
const TICKETS = WINDOWS * ROUNDS;
let c0 = cpu();
for (let i = 0; i < TICKETS; i += 16) {
  await Promise.all(
    Array.from({ length: Math.min(16, TICKETS - i) }, (_, j) => engine.submit(() => engine.issueTicket({ category: 'ABCDEFGH'[(i + j) % 8]! }, kiosk))),
  );
}
const issueUs = ((cpu() - c0) * 1000) / TICKETS;

// Calls: every window calls once per round, all in one event-loop turn (one group commit),
// each under a request id as the counter app sends them.
let called = 0;
let empty = 0;
c0 = cpu();
for (let r = 0; r < ROUNDS; r++) {
  const res = await Promise.all(
    clerks.map((c) => engine.submit(() => engine.idempotent(`${c.subject}:call-next`, `r${r}-${c.subject}`, () => engine.callNext(c.windowNo!, c, {})))),
  );
  for (const x of res) {
    if (x.status === 200) called++;
    else empty++;
  }
}
const callUs = ((cpu() - c0) * 1000) / (called + empty);

console.log(
  `queue engine, ${WINDOWS} windows: issue ${issueUs.toFixed(0)} µs CPU per ticket (${TICKETS} tickets); call-next ${callUs.toFixed(0)} µs CPU per call (${called} calls, ${empty} found nothing)`,
);
console.log(JSON.stringify({ windows: WINDOWS, issueUsPerTicket: Math.round(issueUs), callNextUsPerCall: Math.round(callUs), calls: called, empty }));
await store.close();
fs.rmSync(dir, { recursive: true, force: true });
