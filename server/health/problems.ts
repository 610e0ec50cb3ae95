// Stored data the server could not use, and listeners that failed. Nothing stored may stop the
// hall server from starting, and a failing listener may not turn a committed request into a
// 500: such a row or call is skipped, logged with a code, counted here and shown to the manager
// (GET /api/admin/problems). Only codes, places and row keys are kept: never row contents.
export interface Problem {
  code: string;
  /** Where it happened: 'followups.openMissing', 'engine.listener', … */
  where: string;
  /** Which row (an id, never personal data). */
  key?: string;
  /** The error's message (parse errors, not data). */
  message: string;
  at: string;
}

export type ProblemLogger = (obj: Record<string, unknown>, msg: string) => void;

const KEEP = 100;

export class ProblemLog {
  private readonly counts = new Map<string, number>();
  private readonly recent: Problem[] = [];
  private logger: ProblemLogger = (obj, msg) => console.warn(JSON.stringify({ level: 'warn', ...obj, msg }));

  setLogger(l: ProblemLogger): void {
    this.logger = l;
  }

  report(code: string, where: string, err: unknown, key?: string): void {
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 300);
    const p: Problem = { code, where, message, at: new Date().toISOString(), ...(key !== undefined ? { key } : {}) };
    this.counts.set(code, (this.counts.get(code) ?? 0) + 1);
    this.recent.push(p);
    if (this.recent.length > KEEP) this.recent.shift();
    try {
      this.logger({ code, where, key, err: message }, '跳过无法使用的数据或失败的监听器');
    } catch {
      /* a logger must not turn a report into a failure */
    }
  }

  total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  snapshot(): { total: number; counts: Record<string, number>; recent: Problem[] } {
    return { total: this.total(), counts: Object.fromEntries(this.counts), recent: [...this.recent] };
  }
}

/** Calls every listener; one that throws is reported and the others still run. */
export function callListeners<T>(listeners: Iterable<(v: T) => void>, value: T, problems: ProblemLog | undefined, where: string): void;
export function callListeners<L>(items: Iterable<L>, value: undefined, problems: ProblemLog | undefined, where: string, call: (item: L) => void): void;
export function callListeners(items: Iterable<unknown>, value: unknown, problems: ProblemLog | undefined, where: string, call?: (item: unknown) => void): void {
  for (const l of items) {
    try {
      if (call) call(l);
      else (l as (v: unknown) => void)(value);
    } catch (e) {
      if (problems) problems.report('LISTENER_FAILED', where, e);
      else console.error(JSON.stringify({ level: 'error', code: 'LISTENER_FAILED', where, err: e instanceof Error ? e.message : String(e) }));
    }
  }
}
