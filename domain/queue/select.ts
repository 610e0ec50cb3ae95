// Choosing the next ticket for a window. Pure: the server passes the candidates (the head of
// every waiting (category, priority class) line plus tickets transferred to this window or
// clerk) and the window's assignment; this returns the pick and why, so a manager can ask.
import type { PriorityClass } from '../api/hall';
import type { OrderingRules } from './rules';

export interface Candidate {
  id: string;
  number: string;
  category: string;
  priority: PriorityClass;
  /** Position in line (ms): issue time, due time for appointments, moved for head/tail transfers. */
  queuePos: number;
  /** Transferred to this very window or clerk. */
  targeted: boolean;
}

export interface WindowAssignment {
  categories: { category: string; weight: number }[];
  /** Position in the priority:normal cycle (0 ≤ pos < priority + normal). */
  ratioPos: number;
  /** "call next from one category". */
  onlyCategory?: string;
}

export type PickRule = 'targeted' | 'urgent' | 'priority' | 'normal' | 'only';

export interface ScoredCandidate extends Candidate {
  group: 'priority' | 'normal';
  waitedMinutes: number;
  score: number;
}

export interface Pick {
  ticket: ScoredCandidate | null;
  rule: PickRule | null;
  /** New ratio position to store for the window. */
  ratioPos: number;
  /** Chinese, one line per step, for GET /api/queue/explain. */
  steps: string[];
  ranked: ScoredCandidate[];
}

const CLASS_LABEL: Record<PriorityClass, string> = {
  normal: '普通',
  elderly: '老年人',
  disabled: '残疾人',
  pregnant: '孕妇',
  vip: '重点服务',
  appointment: '预约',
};

function score(c: Candidate, weight: number, rules: OrderingRules, now: number): ScoredCandidate {
  const waitedMinutes = (now - c.queuePos) / 60_000;
  const due = c.priority !== 'appointment' || now >= c.queuePos - rules.appointmentEarlyMinutes * 60_000;
  const group = c.priority !== 'normal' && due ? 'priority' : 'normal';
  // Not-yet-due appointments wait behind everyone, earliest due first.
  const s = due ? weight * (rules.classWeights[c.priority] + 1) * (Math.max(0, waitedMinutes) + 1) : -Math.max(0, -waitedMinutes) - 1;
  // Fields named, not `...c`: a spread copy was half of call-next's ordering time.
  return { id: c.id, number: c.number, category: c.category, priority: c.priority, queuePos: c.queuePos, targeted: c.targeted, group, waitedMinutes, score: s };
}

/** Higher score first; ties: earlier in line, then earlier id (UUIDv7 ids sort by issue time). */
function byScore(a: ScoredCandidate, b: ScoredCandidate): number {
  return b.score - a.score || a.queuePos - b.queuePos || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
function byLine(a: ScoredCandidate, b: ScoredCandidate): number {
  return a.queuePos - b.queuePos || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The first of `xs` that passes `ok` in `order` (a loop, not filter + sort: call-next runs it per call). */
function firstBy(
  xs: ScoredCandidate[],
  ok: (c: ScoredCandidate) => boolean,
  order: (a: ScoredCandidate, b: ScoredCandidate) => number,
): ScoredCandidate | undefined {
  let best: ScoredCandidate | undefined;
  for (const c of xs) if (ok(c) && (!best || order(c, best) < 0)) best = c;
  return best;
}

/** `explain`: also say why, step by step (call-next skips it: the words are for a manager asking). */
export function pickNext(candidates: Candidate[], win: WindowAssignment, rules: OrderingRules, now: number, explain = true): Pick {
  const steps: string[] = [];
  const say = (line: () => string) => {
    if (explain) steps.push(line());
  };
  const weights = new Map(win.categories.filter((c) => c.weight > 0).map((c) => [c.category, c.weight]));
  const cycle = rules.priorityRatio.priority + rules.priorityRatio.normal;
  const ratioPos = ((win.ratioPos % cycle) + cycle) % cycle;
  // A window never receives a category it is not assigned (even a targeted transfer).
  let eligible = candidates.filter((c) => weights.has(c.category));
  if (win.onlyCategory) {
    eligible = eligible.filter((c) => c.category === win.onlyCategory);
    say(() => `只叫 ${win.onlyCategory} 类`);
  }
  const ranked = eligible.map((c) => score(c, weights.get(c.category)!, rules, now));
  // Only an explanation lists them in order; the picks below find their best with a loop.
  if (explain) ranked.sort(byScore);
  const done = (ticket: ScoredCandidate | null, rule: PickRule | null, pos = ratioPos): Pick => ({ ticket, rule, ratioPos: pos, steps, ranked });
  if (ranked.length === 0) {
    say(() => '本窗口受理的类别中没有等候的号');
    return done(null, null);
  }
  const targeted = firstBy(ranked, (c) => c.targeted, byLine);
  if (targeted) {
    say(() => `${targeted.number} 是转到本窗口/本人的号，优先叫`);
    return done(targeted, 'targeted');
  }
  const urgent = firstBy(ranked, (c) => c.waitedMinutes >= rules.urgentAfterMinutes, byLine);
  if (urgent) {
    say(() => `${urgent.number} 已等候 ${Math.floor(urgent.waitedMinutes)} 分钟，超过 ${rules.urgentAfterMinutes} 分钟，先叫等得最久的`);
    return done(urgent, 'urgent');
  }
  const prio = firstBy(ranked, (c) => c.group === 'priority', byScore);
  const normal = firstBy(ranked, (c) => c.group === 'normal', byScore);
  let group: 'priority' | 'normal';
  let nextPos = ratioPos;
  if (prio && normal) {
    group = ratioPos < rules.priorityRatio.priority ? 'priority' : 'normal';
    nextPos = (ratioPos + 1) % cycle;
    say(
      () =>
        `优先号与普通号都在等，按 ${rules.priorityRatio.priority}:${rules.priorityRatio.normal} 轮到${group === 'priority' ? '优先号' : '普通号'}（第 ${ratioPos + 1}/${cycle} 次）`,
    );
  } else {
    group = prio ? 'priority' : 'normal';
    say(() => `只有${group === 'priority' ? '优先号' : '普通号'}在等`);
  }
  const best = (group === 'priority' ? prio : normal)!;
  const w = weights.get(best.category)!;
  say(() =>
    best.score >= 0
      ? `${best.number}（${CLASS_LABEL[best.priority]}）得分最高：权重 ${w} ×（类别系数 ${rules.classWeights[best.priority]}+1）×（已等 ${Math.floor(best.waitedMinutes)} 分钟+1）= ${best.score.toFixed(1)}`
      : `${best.number} 是尚未到时的预约号，其它号都已叫完`,
  );
  return done(best, win.onlyCategory ? 'only' : group, nextPos);
}
