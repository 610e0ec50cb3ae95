// (Underscore: bench/run.ts skips it.) bench/track-load.ts's citizens' phones, in a worker
// thread: one WebSocket per tracking page, each applying the stream as the page does
// (domain/queue/trackLine.ts). In their own thread because 2,000 phones are 2,000 devices:
// their message handling must not sit in the event loop that times call-next.
import { parentPort, workerData } from 'node:worker_threads';
import fs from 'node:fs';
import os from 'node:os';
import WebSocket from 'ws';
import type { TrackStreamMessage, TrackView } from '../domain/api/track';
import { applyTrackMessage, isLine } from '../domain/queue/trackLine';

interface Data {
  wsBase: string;
}
interface Page {
  id: string;
  token: string;
}
const { wsBase } = workerData as Data;
const port = parentPort!;

// The phones are 2,000 devices elsewhere, but here they share the server's cores: this thread
// runs at the lowest priority (Linux: a thread's own nice value) so their decoding does not sit
// in front of the server's call-next. The call→page time still includes it.
try {
  const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
  os.setPriority(tid, 19);
} catch {
  /* not Linux: the pages run at normal priority */
}

// One set of pages at a time: bench/track-load.ts opens them all before a phase "with pages" and
// closes them all after it, so the phases without run against a hub with nobody watching.
/** When (performance.timeOrigin-based) each page first showed a state other than waiting. */
let shownAt: Record<string, number> = {};
let views = new Map<string, TrackView>();
let count = { views: 0, lines: 0, stale: 0, bytes: 0 };
let sockets: WebSocket[] = [];

async function open(pages: Page[]): Promise<number> {
  shownAt = {};
  views = new Map();
  count = { views: 0, lines: 0, stale: 0, bytes: 0 };
  sockets = [];
  for (let i = 0; i < pages.length; i += 100) {
    await Promise.all(
      pages.slice(i, i + 100).map(
        ({ id, token }) =>
          new Promise<void>((resolve, reject) => {
            const ws = new WebSocket(`${wsBase}/api/track/${token}/ws`);
            ws.on('message', (d) => {
              const text = String(d);
              count.bytes += text.length;
              const m = JSON.parse(text) as TrackStreamMessage;
              count[isLine(m) ? 'lines' : 'views']++;
              const r = applyTrackMessage(views.get(id) ?? null, m);
              if (r.stale) count.stale++;
              if (r.view) {
                views.set(id, r.view);
                if (r.view.state !== 'waiting' && shownAt[id] === undefined) shownAt[id] = performance.timeOrigin + performance.now();
              }
              resolve();
            });
            ws.once('error', reject);
            sockets.push(ws);
          }),
      ),
    );
  }
  return sockets.length;
}

async function closeAll(): Promise<void> {
  await Promise.all(
    sockets.map(
      (ws) =>
        new Promise<void>((resolve) => {
          if (ws.readyState === WebSocket.CLOSED) return resolve();
          ws.once('close', () => resolve());
          ws.close();
        }),
    ),
  );
  sockets = [];
}

port.on('message', (m: { kind: 'open'; pages: Page[] } | { kind: 'report' | 'disconnect' | 'close' }) => {
  if (m.kind === 'open') void open(m.pages).then((n) => port.postMessage({ kind: 'open', pages: n }));
  else if (m.kind === 'report') {
    // Pages still waiting: the "ahead" each worked out from line messages.
    const ahead: Record<string, number> = {};
    for (const [id, v] of views) if (v.state === 'waiting') ahead[id] = v.ahead;
    port.postMessage({ kind: 'report', shownAt, count, ahead });
  } else if (m.kind === 'disconnect') void closeAll().then(() => port.postMessage({ kind: 'disconnect' }));
  else void closeAll().then(() => process.exit(0));
});
port.postMessage({ kind: 'ready' });
