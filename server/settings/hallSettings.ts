// Hall settings a manager edits (today the call display's announcement), kept as one JSON row in
// `meta` so adding a field needs no migration. Unknown or out-of-range stored values fall back to
// the defaults field by field: a display always gets something it can use.
import type { HallStore } from '../db/connection';
import { DEFAULT_HALL_DISPLAY_SETTINGS, hallDisplaySettingsSchema, type HallSettingsResponse, type HallSettingsUpdate } from '../../domain/api/settings';

export const HALL_SETTINGS_KEY = 'hall_display_settings';

interface Stored extends Partial<Record<keyof typeof DEFAULT_HALL_DISPLAY_SETTINGS, unknown>> {
  updatedAt?: unknown;
  updatedBy?: unknown;
}

function parseStored(value: string | undefined): Stored {
  if (!value) return {};
  try {
    const v: unknown = JSON.parse(value);
    return v && typeof v === 'object' ? (v as Stored) : {};
  } catch {
    return {};
  }
}

export function readHallSettings(store: HallStore): HallSettingsResponse {
  const stored = parseStored(store.get(store.q.selectFrom('meta').select('value').where('key', '=', HALL_SETTINGS_KEY))?.value);
  const shape = hallDisplaySettingsSchema.shape;
  const field = <K extends keyof typeof shape>(k: K) => {
    const r = shape[k].safeParse(stored[k]);
    return r.success ? r.data : DEFAULT_HALL_DISPLAY_SETTINGS[k];
  };
  return {
    announceRepeat: field('announceRepeat'),
    announceGapMs: field('announceGapMs'),
    retentionDays: field('retentionDays'),
    updatedAt: typeof stored.updatedAt === 'string' ? stored.updatedAt : null,
    updatedBy: typeof stored.updatedBy === 'string' ? stored.updatedBy : null,
  };
}

/** Merges the update into the settings in force and stores them. Call inside the engine's transaction. */
export function writeHallSettings(store: HallStore, update: HallSettingsUpdate, by: string, at: Date): HallSettingsResponse {
  const cur = readHallSettings(store);
  const next: HallSettingsResponse = {
    announceRepeat: update.announceRepeat ?? cur.announceRepeat,
    announceGapMs: update.announceGapMs ?? cur.announceGapMs,
    retentionDays: update.retentionDays ?? cur.retentionDays,
    updatedAt: at.toISOString(),
    updatedBy: by,
  };
  const value = JSON.stringify(next);
  store.run(
    store.q
      .insertInto('meta')
      .values({ key: HALL_SETTINGS_KEY, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value })),
  );
  return next;
}
