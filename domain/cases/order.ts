// The one order in which a case's events are applied, the same on every counter and on the
// hall server:
//  1. events the server has versioned, by serverVersion (the server assigns versions in the
//     order it ingests, and each device pushes in seq order);
//  2. then events not yet versioned (only on a counter, before its push is acknowledged):
//     each device's events stay in seq order; between devices the next event is the one with
//     the smaller (at, deviceId, seq). Device clocks only break ties between devices here and
//     never reorder one device's own events.
// Once every event is versioned, all replicas order identically by (1) alone, so projections
// converge. Duplicate deliveries (same event id) are applied once.
import type { CaseEventEnvelope } from './events';

type Orderable = Pick<CaseEventEnvelope, 'id' | 'deviceId' | 'seq' | 'at' | 'serverVersion'>;

function instant(at: string): number {
  const t = Date.parse(at);
  return Number.isNaN(t) ? 0 : t;
}

function headCompare(a: Orderable, b: Orderable): number {
  return instant(a.at) - instant(b.at) || (a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0) || a.seq - b.seq;
}

export function orderCaseEvents<E extends Orderable>(events: readonly E[]): E[] {
  // Every event versioned (the hall server, the central: the hot path): what the general case
  // below gives then — the first copy of each id, by serverVersion (a stable sort both ways).
  if (events.every((e) => e.serverVersion !== undefined)) {
    const ids = new Set<string>();
    const out: E[] = [];
    for (const e of events) {
      if (ids.has(e.id)) continue;
      ids.add(e.id);
      out.push(e);
    }
    return out.sort((a, b) => a.serverVersion! - b.serverVersion!);
  }
  const seen = new Set<string>();
  const unique: E[] = [];
  // Prefer the versioned copy of a duplicated event.
  const sortedForDedupe = [...events].sort((a, b) => (a.serverVersion === undefined ? 1 : 0) - (b.serverVersion === undefined ? 1 : 0));
  for (const e of sortedForDedupe) {
    if (seen.has(e.id)) continue;
    seen.add(e.id);
    unique.push(e);
  }
  const versioned = unique.filter((e) => e.serverVersion !== undefined).sort((a, b) => a.serverVersion! - b.serverVersion!);
  const byDevice = new Map<string, E[]>();
  for (const e of unique) {
    if (e.serverVersion !== undefined) continue;
    const list = byDevice.get(e.deviceId) ?? [];
    list.push(e);
    byDevice.set(e.deviceId, list);
  }
  const queues = [...byDevice.values()].map((l) => l.sort((a, b) => a.seq - b.seq));
  const pending: E[] = [];
  for (;;) {
    let best: E[] | undefined;
    for (const q of queues) if (q.length > 0 && (!best || headCompare(q[0]!, best[0]!) < 0)) best = q;
    if (!best) break;
    pending.push(best.shift()!);
  }
  return [...versioned, ...pending];
}
