// "Who would be next under these draft rules": runs the same pickNext() the server uses
// (domain/queue/select) on the waiting tickets of the live snapshot. Approximate in two ways,
// said on screen: positions come from issue times (transfers and appointments move them on
// the server) and the window's place in the priority:normal cycle is taken as its start.
import type { QueueSnapshot } from '../../../../domain/api/hall';
import type { OrderingRules } from '../../../../domain/queue/rules';
import { pickNext, type Candidate, type Pick } from '../../../../domain/queue/select';

export function previewNext(snap: QueueSnapshot, windowNo: number, rules: OrderingRules, now = Date.now()): Pick | null {
  const w = snap.windows.find((x) => x.no === windowNo);
  if (!w) return null;
  const heads = new Map<string, Candidate>();
  for (const tk of snap.waiting ?? []) {
    const key = `${tk.category}:${tk.priority}`;
    const pos = Date.parse(tk.issuedAt);
    const prev = heads.get(key);
    if (!prev || pos < prev.queuePos)
      heads.set(key, { id: tk.id, number: tk.number, category: tk.category, priority: tk.priority, queuePos: pos, targeted: false });
  }
  const cats = new Set(w.categories.filter((c) => c.weight > 0).map((c) => c.category));
  const candidates = [...heads.values()].filter((c) => cats.has(c.category));
  return pickNext(candidates, { categories: w.categories, ratioPos: 0 }, rules, now);
}
