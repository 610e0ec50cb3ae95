// A job run once a day (and shortly after start, so a counter switched on each morning still
// runs it). The clock is injected: tests drive `runNow` with any date instead of waiting a day.
export interface DailyJob {
  /** Run the job now with the injected clock's time. */
  runNow(): unknown;
  stop(): void;
}

export function startDailyJob(
  run: (now: Date) => unknown,
  opts: { now?: () => Date; firstDelayMs?: number; intervalMs?: number; onError?: (err: unknown) => void } = {},
): DailyJob {
  const now = opts.now ?? (() => new Date());
  const safe = () => {
    try {
      return run(now());
    } catch (err) {
      opts.onError?.(err);
      return undefined;
    }
  };
  const first = setTimeout(safe, opts.firstDelayMs ?? 60_000);
  const every = setInterval(safe, opts.intervalMs ?? 24 * 3600_000);
  first.unref();
  every.unref();
  return {
    runNow: safe,
    stop() {
      clearTimeout(first);
      clearInterval(every);
    },
  };
}
