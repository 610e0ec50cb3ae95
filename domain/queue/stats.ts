// Queue statistics from the event log: per category, window, clerk, hour or day — issued,
// called, served, no-shows, waiting (issue → first call), walking (call → start) and service
// (start → end) times with mean and p90, and the share of tickets that waited longer than their
// category's service level. Each event counts on the day/hour of its own timestamp.
import { serviceDay, serviceHour } from './numbering';

export interface StatEvent {
  type: string;
  at: number;
  category: string | null;
  windowNo: number | null;
  actor: string | null;
  data: { waitMs?: number | null; walkMs?: number | null; serviceMs?: number | null; outcome?: string; firstCall?: boolean } | null;
}

export type StatsGroupBy = 'category' | 'window' | 'clerk' | 'hour' | 'day';

export interface Duration {
  mean: number | null;
  p90: number | null;
  count: number;
}
export interface StatsRow {
  key: string;
  issued: number;
  called: number;
  served: number;
  noShow: number;
  noShowRate: number | null;
  waiting: Duration;
  walking: Duration;
  service: Duration;
  aboveServiceLevel: number | null;
}

/** p-th percentile by nearest rank. */
export function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

function duration(ms: number[]): Duration {
  if (!ms.length) return { mean: null, p90: null, count: 0 };
  const min = ms.map((x) => x / 60_000).sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return { mean: round(min.reduce((a, b) => a + b, 0) / min.length), p90: round(percentile(min, 90)!), count: min.length };
}

export function computeStats(events: StatEvent[], groupBy: StatsGroupBy, opts: { timeZone: string; serviceLevelMinutes: Record<string, number> }): StatsRow[] {
  interface Acc {
    issued: number;
    called: number;
    served: number;
    noShow: number;
    wait: number[];
    walk: number[];
    service: number[];
    above: number;
  }
  const groups = new Map<string, Acc>();
  const keyOf = (e: StatEvent): string | null => {
    switch (groupBy) {
      case 'category':
        return e.category;
      case 'window':
        return e.windowNo == null ? null : String(e.windowNo);
      case 'clerk':
        return e.windowNo == null ? null : e.actor;
      case 'hour':
        return String(serviceHour(new Date(e.at), opts.timeZone)).padStart(2, '0');
      case 'day':
        return serviceDay(new Date(e.at), opts.timeZone);
    }
  };
  for (const e of events) {
    const key = keyOf(e);
    if (key == null) continue;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { issued: 0, called: 0, served: 0, noShow: 0, wait: [], walk: [], service: [], above: 0 }));
    const d = e.data ?? {};
    if (e.type === 'issue') g.issued++;
    else if (e.type === 'call' && d.firstCall) {
      g.called++;
      if (d.waitMs != null) {
        g.wait.push(d.waitMs);
        const level = opts.serviceLevelMinutes[e.category ?? ''];
        if (level != null && d.waitMs > level * 60_000) g.above++;
      }
    } else if (e.type === 'noShow') g.noShow++;
    else if (e.type === 'finish') {
      if (d.outcome === 'served') g.served++;
      if (d.walkMs != null) g.walk.push(d.walkMs);
      if (d.serviceMs != null) g.service.push(d.serviceMs);
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, g]) => ({
      key,
      issued: g.issued,
      called: g.called,
      served: g.served,
      noShow: g.noShow,
      noShowRate: g.called ? Math.round((g.noShow / g.called) * 1000) / 1000 : null,
      waiting: duration(g.wait),
      walking: duration(g.walk),
      service: duration(g.service),
      aboveServiceLevel: g.wait.length ? Math.round((g.above / g.wait.length) * 1000) / 1000 : null,
    }));
}
