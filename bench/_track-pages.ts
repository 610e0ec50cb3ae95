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
  pages: { id: string; token: string }[];
}
const { wsBase, pages } = workerData as Data;
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

/** When (performance.timeOrigin-based) each page first showed a state other than waiting. */
const shownAt: Record<string, number> = {};
const views = new Map<string, TrackView>();
const count = { views: 0, lines: 0, stale: 0, bytes: 0 };
const sockets: WebSocket[] = [];

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
port.postMessage({ kind: 'open', pages: sockets.length });

port.on('message', (m: { kind: 'report' | 'close' }) => {
  if (m.kind === 'report') {
    // Pages still waiting: the "ahead" each worked out from line messages.
    const ahead: Record<string, number> = {};
    for (const [id, v] of views) if (v.state === 'waiting') ahead[id] = v.ahead;
    port.postMessage({ kind: 'report', shownAt, count, ahead });
  } else {
    for (const ws of sockets) ws.close();
    setTimeout(() => process.exit(0), 500);
  }
});
