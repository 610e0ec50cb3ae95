// WAL checkpoints off the request path. With auto-checkpointing, every ~1000 pages one unlucky
// commit copies the WAL into the database and fsyncs, stalling the event loop (and every
// call-next behind it). A worker thread with its own connection runs PASSIVE checkpoints on a
// timer instead; they never block the writer. Every 2 s rather than 0.5 s: the hot pages that
// every call rewrites are copied a quarter as often, which left the request thread more of a
// 2-core machine. The main connection keeps a high auto-checkpoint limit as a safety net should
// the worker die.
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';

const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 2000');
const tick = () => { try { db.pragma('wal_checkpoint(PASSIVE)'); } catch { /* busy: next tick */ } };
const timer = setInterval(tick, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  db.close();
  parentPort.postMessage('stopped');
});
`;

export class Checkpointer {
  private readonly worker: Worker;

  constructor(file: string, intervalMs = 2000) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER, { eval: true, workerData: { file, driver, intervalMs } });
    this.worker.unref();
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 2000);
      this.worker.once('message', () => {
        clearTimeout(t);
        resolve();
      });
      this.worker.postMessage('stop');
    });
    await this.worker.terminate();
  }
}
