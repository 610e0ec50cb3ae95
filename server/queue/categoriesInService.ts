// Which categories the hall takes tickets for — the one place this rule lives. A manager retires
// a category by taking it off every window (窗口业务调度); a ticket for a category no window serves
// with weight > 0 would wait forever, so the kiosk does not offer it and the issue routes refuse it.
import { sql } from 'kysely';
import type Database from 'better-sqlite3';
import type { HallStore } from '../db/connection';
import type { HallEngine } from './engine';
import { E } from '../errors';

const served = (store: HallStore) => store.q.selectFrom('window_categories').where('weight', '>', sql.lit(0));

/** Every category at least one window serves with weight > 0. */
export function categoriesInService(store: HallStore): Set<string> {
  return new Set(store.all(served(store).select('category').distinct()).map((r) => r.category));
}

// The issue path asks about one category per ticket: compiled once, stops at the first window.
const probes = new WeakMap<HallStore, Database.Statement>();
function inService(store: HallStore, category: string): boolean {
  let probe = probes.get(store);
  if (!probe) probes.set(store, (probe = store.prepare(served(store).select('category').where('category', '=', ''), 1)));
  return probe.get(category) !== undefined;
}

/**
 * Before issuing: a known category that no window serves → 409 category_retired. Unknown codes are
 * left to the engine (400 unknown_category); a retried request id that already has its ticket is
 * let through so the engine replays the first answer.
 */
export function assertInService(engine: HallEngine, store: HallStore, input: { category: string; requestId?: string }): void {
  if (inService(store, input.category) || !engine.categories().has(input.category)) return;
  if (input.requestId && store.get(store.q.selectFrom('tickets').select('id').where('request_id', '=', input.requestId))) return;
  throw E.categoryRetired(input.category);
}
