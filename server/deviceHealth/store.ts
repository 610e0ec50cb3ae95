// The latest device health each window reported (读卡器、打印机、评价器、窗口屏). Kept in memory for
// the manager board's frequent polls and written through to its own table (hall migration 7) so
// a restart still shows the last report.
import type { Kysely } from 'kysely';
import type { ProblemLog } from '../health/problems';
import type { HallStore } from '../db/connection';

export type DeviceKind = 'idReader' | 'printer' | 'evaluator' | 'led';
export type DeviceState = 'ok' | 'offline' | 'error' | 'absent';
export interface ReportedDevice {
  kind: DeviceKind;
  state: DeviceState;
  message: string;
  code?: string;
}
export interface WindowDeviceHealth {
  windowNo: number;
  reportedAt: string;
  reportedBy: string;
  stale: boolean;
  devices: (ReportedDevice & { at: string })[];
}

interface Row {
  window_no: number;
  devices: string;
  reported_at: number;
  reported_by: string;
}
interface HealthDB {
  window_device_health: Row;
}

/** Reporter (clerk 工号 or counter device id) → time of its latest report: the devices list's "last seen". */
export function lastReportBy(store: HallStore): Map<string, number> {
  const q = store.q as unknown as Kysely<HealthDB>;
  const rows = store.all(
    q
      .selectFrom('window_device_health')
      .select(['reported_by', (eb) => eb.fn.max('reported_at').as('at')])
      .groupBy('reported_by'),
  );
  return new Map(rows.map((r) => [r.reported_by, Number(r.at)]));
}

/** A window that has not reported for this long shows as 未上报 (the counter reports every 60 s). */
export const DEFAULT_STALE_MS = 2 * 60_000;

export class DeviceHealthStore {
  private readonly q: Kysely<HealthDB>;
  private readonly latest = new Map<number, { devices: ReportedDevice[]; at: number; by: string }>();
  constructor(
    private readonly store: HallStore,
    private readonly opts: { now?: () => number; staleMs?: number; problems?: ProblemLog } = {},
  ) {
    this.q = store.q as unknown as Kysely<HealthDB>;
    for (const r of store.all(this.q.selectFrom('window_device_health').selectAll())) {
      // Read at start: a row that cannot be parsed is reported and skipped (the next report replaces it).
      try {
        this.latest.set(r.window_no, { devices: JSON.parse(r.devices) as ReportedDevice[], at: r.reported_at, by: r.reported_by });
      } catch (e) {
        opts.problems?.report('STORED_DEVICE_HEALTH_UNREADABLE', 'deviceHealth.load', e, String(r.window_no));
      }
    }
  }

  private now(): number {
    return this.opts.now ? this.opts.now() : Date.now();
  }

  report(windowNo: number, devices: ReportedDevice[], by: string): void {
    const at = this.now();
    this.latest.set(windowNo, { devices, at, by });
    const row = { window_no: windowNo, devices: JSON.stringify(devices), reported_at: at, reported_by: by };
    this.store.run(
      this.q
        .insertInto('window_device_health')
        .values(row)
        .onConflict((oc) => oc.column('window_no').doUpdateSet({ devices: row.devices, reported_at: at, reported_by: by })),
    );
  }

  /** Every window that has ever reported; `stale` when the last report is older than the threshold. */
  list(): WindowDeviceHealth[] {
    const now = this.now();
    const staleMs = this.opts.staleMs ?? DEFAULT_STALE_MS;
    return [...this.latest.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([windowNo, r]) => {
        const at = new Date(r.at).toISOString();
        return { windowNo, reportedAt: at, reportedBy: r.by, stale: now - r.at > staleMs, devices: r.devices.map((d) => ({ ...d, at })) };
      });
  }
}
