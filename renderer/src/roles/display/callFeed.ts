// Which calls in a fresh snapshot are new to this display. The snapshot carries the last calls
// with a monotonically increasing seq; a display remembers the highest seq it has handled, so a
// reconnect (or a burst of signals) never announces a call twice and never skips one that is
// still in the list. Calls far older than the newest one are shown but not spoken: after a long
// outage nobody is still waiting for them. Relative to the newest call, so clock drift between
// the display PC and the server does not matter.
import type { CallRecord, WindowView } from '../../../../domain/api/hall';

export interface CallFeedResult {
  /** Calls to announce, oldest first. */
  announce: CallRecord[];
  /** Calls newer than lastSeq that were too old to speak. */
  stale: CallRecord[];
  lastSeq: number;
}

export function newCalls(recent: readonly CallRecord[], lastSeq: number | null, staleAfterMs = 3 * 60_000): CallFeedResult {
  // Walk-ins are served where they stand: their "call" is a record, not a summons (nobody holds the number).
  const calls = recent.filter((c) => !c.walkIn).sort((a, b) => a.seq - b.seq);
  const newest = calls.at(-1);
  // First snapshot after the page opened: history is shown, not replayed.
  if (lastSeq === null) return { announce: [], stale: [], lastSeq: newest?.seq ?? 0 };
  const fresh = calls.filter((c) => c.seq > lastSeq);
  if (!fresh.length || !newest) return { announce: [], stale: [], lastSeq };
  const newestAt = Date.parse(newest.at);
  const announce: CallRecord[] = [];
  const stale: CallRecord[] = [];
  for (const c of fresh) (newestAt - Date.parse(c.at) > staleAfterMs ? stale : announce).push(c);
  return { announce, stale, lastSeq: newest.seq };
}

/**
 * Calls still calling: the ticket is still its window's current one (called or serving) and the
 * window is open. A ticket suspended (挂起), transferred or finished since, or a paused window, is
 * no longer 正在呼叫 even though its call stays in the history. Newest first.
 */
export function liveCalls(recent: readonly CallRecord[], windows: readonly Pick<WindowView, 'no' | 'status' | 'current'>[]): CallRecord[] {
  const byNo = new Map(windows.map((w) => [w.no, w]));
  return recent
    .filter((c) => {
      const w = byNo.get(c.windowNo);
      return (
        !c.walkIn &&
        w !== undefined &&
        w.status !== 'paused' &&
        w.status !== 'closed' &&
        w.current?.id === c.ticketId &&
        (w.current.status === 'called' || w.current.status === 'serving')
      );
    })
    .sort((a, b) => b.seq - a.seq);
}

/** The last call per window, newest first per window number order. */
export function lastCallPerWindow(recent: readonly CallRecord[]): Map<number, CallRecord> {
  const out = new Map<number, CallRecord>();
  for (const c of [...recent].sort((a, b) => b.seq - a.seq)) if (!out.has(c.windowNo)) out.set(c.windowNo, c);
  return out;
}
