// Reports this counter's device health to the hall (manager board) on every change and every
// 60 s while a clerk is signed in. Best effort: one report in flight at a time, failures are
// dropped and the next change or tick tries again; nothing waits on it.
import type { DeviceStatus } from '../../../domain/contract/core';

export interface HealthReporterDeps {
  windowNo: number;
  list: () => DeviceStatus[];
  signedIn: () => boolean;
  send: (windowNo: number, body: { devices: DeviceStatus[] }) => Promise<unknown>;
  intervalMs?: number;
}

export class HealthReporter {
  private timer: ReturnType<typeof setInterval> | null = null;
  private busy = false;
  private again = false;
  constructor(private readonly deps: HealthReporterDeps) {}

  start(): void {
    this.timer = setInterval(() => this.report(), this.deps.intervalMs ?? 60_000);
    this.timer.unref?.();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Sends the current list; a call while one is in flight sends once more afterwards. */
  report(): void {
    if (!this.deps.signedIn()) return;
    if (this.busy) return void (this.again = true);
    this.busy = true;
    const devices = this.deps
      .list()
      .map(({ kind, state, message, code }) => ({ kind, state, message: message.slice(0, 200), ...(code ? { code: code.slice(0, 64) } : {}) }));
    void this.deps
      .send(this.deps.windowNo, { devices })
      .catch(() => undefined)
      .finally(() => {
        this.busy = false;
        if (this.again) {
          this.again = false;
          this.report();
        }
      });
  }
}
