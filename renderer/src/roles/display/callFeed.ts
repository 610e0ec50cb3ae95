// Which calls in a fresh snapshot are new to this display. The snapshot carries the last calls
// with a monotonically increasing seq; a display remembers the highest seq it has handled, so a
// reconnect (or a burst of signals) never announces a call twice and never skips one that is
// still in the list. Calls far older than the newest one are shown but not spoken: after a long
// outage nobody is still waiting for them. Relative to the newest call, so clock drift between
// the display PC and the server does not matter.
import type { CallRecord } from '../../../../domain/api/hall';

export interface CallFeedResult {
  /** Calls to announce, oldest first. */
  announce: CallRecord[];
  /** Calls newer than lastSeq that were too old to speak. */
  stale: CallRecord[];
  lastSeq: number;
}

export function newCalls(recent: readonly CallRecord[], lastSeq: number | null, staleAfterMs = 3 * 60_000): CallFeedResult {
  const calls = [...recent].sort((a, b) => a.seq - b.seq);
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

/** The last call per window, newest first per window number order. */
export function lastCallPerWindow(recent: readonly CallRecord[]): Map<number, CallRecord> {
  const out = new Map<number, CallRecord>();
  for (const c of [...recent].sort((a, b) => b.seq - a.seq)) if (!out.has(c.windowNo)) out.set(c.windowNo, c);
  return out;
}
