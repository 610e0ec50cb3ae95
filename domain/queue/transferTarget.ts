// Where a transfer sends a citizen, and whether anyone there can serve them now. The counter's
// transfer dialog warns (it does not refuse: a window may open later) when no open window serves
// the target: a category no open window takes, a paused or closed window, a clerk not signed in.
import type { QueueSnapshot, WindowView } from '../api/hall';

export type TransferTarget =
  { kind: 'category'; category: string } | { kind: 'window'; windowNo: number; category: string } | { kind: 'clerk'; workNo: string; category: string };

export type TransferWarning =
  | { code: 'noOpenWindowForCategory'; category: string }
  | { code: 'windowNotOpen'; windowNo: number; status: WindowView['status'] }
  | { code: 'windowNotServingCategory'; windowNo: number; category: string }
  | { code: 'clerkNotAtWindow'; workNo: string }
  | { code: 'clerkWindowNotOpen'; workNo: string; windowNo: number };

/** A window that can call tickets now: open or serving (not paused, not closed) and staffed. */
function serving(w: WindowView): boolean {
  return (w.status === 'open' || w.status === 'serving') && Boolean(w.clerk);
}
const takes = (w: WindowView, category: string) => w.categories.some((c) => c.category === category && c.weight > 0);

/** Why the target cannot be served right now (null: some open window serves it). `fromWindow` is excluded. */
export function transferWarning(snap: Pick<QueueSnapshot, 'windows'>, target: TransferTarget, fromWindow?: number): TransferWarning | null {
  const others = snap.windows.filter((w) => w.no !== fromWindow);
  switch (target.kind) {
    case 'category':
      return others.some((w) => serving(w) && takes(w, target.category)) ? null : { code: 'noOpenWindowForCategory', category: target.category };
    case 'window': {
      const w = others.find((x) => x.no === target.windowNo);
      if (!w || !serving(w)) return { code: 'windowNotOpen', windowNo: target.windowNo, status: w?.status ?? 'closed' };
      return takes(w, target.category) ? null : { code: 'windowNotServingCategory', windowNo: w.no, category: target.category };
    }
    case 'clerk': {
      const w = others.find((x) => x.clerk?.workNo === target.workNo);
      if (!w) return { code: 'clerkNotAtWindow', workNo: target.workNo };
      return serving(w) ? null : { code: 'clerkWindowNotOpen', workNo: target.workNo, windowNo: w.no };
    }
  }
}

/** The hall API body for a target. */
export function transferBody(target: TransferTarget): { category?: string; windowNo?: number; clerkWorkNo?: string } {
  switch (target.kind) {
    case 'category':
      return { category: target.category };
    case 'window':
      return { windowNo: target.windowNo, category: target.category };
    case 'clerk':
      return { clerkWorkNo: target.workNo, category: target.category };
  }
}
