// The manager's SMS setting (N: remind when N or fewer are ahead), one JSON row in `meta`.
import type { HallStore } from '../db/connection';
import { NOTIFY_AHEAD, trackSettingsSchema, type TrackSettings } from '../../domain/api/track';

const KEY = 'track_settings';

export function readTrackSettings(store: HallStore): TrackSettings {
  const v = store.get(store.q.selectFrom('meta').select('value').where('key', '=', KEY))?.value;
  try {
    const r = trackSettingsSchema.safeParse(v ? JSON.parse(v) : {});
    if (r.success) return r.data;
  } catch {
    /* fall through to the default */
  }
  return { notifyAhead: NOTIFY_AHEAD.default };
}

export function writeTrackSettings(store: HallStore, s: TrackSettings): TrackSettings {
  const value = JSON.stringify(s);
  store.run(
    store.q
      .insertInto('meta')
      .values({ key: KEY, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value })),
  );
  return s;
}
