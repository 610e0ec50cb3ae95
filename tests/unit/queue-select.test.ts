import { describe, expect, it } from 'vitest';
import { pickNext, type Candidate } from '../../domain/queue/select';
import { DEFAULT_ORDERING_RULES as R, type OrderingRules } from '../../domain/queue/rules';

const NOW = Date.UTC(2026, 10, 24, 2, 0, 0);
const min = (m: number) => NOW - m * 60_000;
let n = 0;
const t = (category: string, waitedMin: number, priority: Candidate['priority'] = 'normal', targeted = false): Candidate => {
  n++;
  return { id: `t${String(n).padStart(4, '0')}`, number: `${category}${n}`, category, priority, queuePos: min(waitedMin), targeted };
};

describe('pickNext', () => {
  it('never gives a window a category it is not assigned, even a targeted ticket', () => {
    const pick = pickNext([t('C', 50), t('D', 40, 'normal', true)], { categories: [{ category: 'A', weight: 1 }], ratioPos: 0 }, R, NOW);
    expect(pick.ticket).toBeNull();
    expect(pick.steps.join()).toContain('没有等候');
  });

  it('weights × waiting time decides between categories', () => {
    const a = t('A', 10);
    const b = t('B', 15);
    // A weight 2: 2×11 = 22 beats B weight 1: 16.
    expect(
      pickNext(
        [a, b],
        {
          categories: [
            { category: 'A', weight: 2 },
            { category: 'B', weight: 1 },
          ],
          ratioPos: 0,
        },
        R,
        NOW,
      ).ticket!.id,
    ).toBe(a.id);
    // Equal weights: the longer wait wins.
    expect(
      pickNext(
        [a, b],
        {
          categories: [
            { category: 'A', weight: 1 },
            { category: 'B', weight: 1 },
          ],
          ratioPos: 0,
        },
        R,
        NOW,
      ).ticket!.id,
    ).toBe(b.id);
  });

  it('a weight of 0 means not assigned', () => {
    const pick = pickNext(
      [t('B', 30)],
      {
        categories: [
          { category: 'A', weight: 1 },
          { category: 'B', weight: 0 },
        ],
        ratioPos: 0,
      },
      R,
      NOW,
    );
    expect(pick.ticket).toBeNull();
  });

  it('interleaves priority and normal by the configured ratio (2:1), so nobody starves', () => {
    const rules: OrderingRules = { ...R, urgentAfterMinutes: 600 };
    const normal = [t('A', 30), t('A', 29), t('A', 28)];
    const prio = [t('A', 5, 'elderly'), t('A', 4, 'elderly'), t('A', 3, 'elderly'), t('A', 2, 'elderly')];
    let waiting = [...normal, ...prio];
    let pos = 0;
    const seq: string[] = [];
    for (let i = 0; i < 6; i++) {
      const p = pickNext(waiting, { categories: [{ category: 'A', weight: 1 }], ratioPos: pos }, rules, NOW);
      seq.push(p.ticket!.priority === 'normal' ? 'N' : 'P');
      pos = p.ratioPos;
      waiting = waiting.filter((c) => c.id !== p.ticket!.id);
    }
    expect(seq.join('')).toBe('PPNPPN');
  });

  it('a ticket waiting past the urgent limit goes first whatever its weight', () => {
    const old = t('B', 70);
    const heavy = t('A', 50);
    const p = pickNext(
      [heavy, old],
      {
        categories: [
          { category: 'A', weight: 10 },
          { category: 'B', weight: 1 },
        ],
        ratioPos: 0,
      },
      R,
      NOW,
    );
    expect(p.ticket!.id).toBe(old.id);
    expect(p.rule).toBe('urgent');
  });

  it('ties go to the earlier ticket (never newest-first)', () => {
    const first = { ...t('A', 10), id: 'a1' };
    const second = { ...t('A', 10), id: 'a2' };
    expect(pickNext([second, first], { categories: [{ category: 'A', weight: 1 }], ratioPos: 0 }, R, NOW).ticket!.id).toBe('a1');
  });

  it('merges appointments by due time: not yet due waits behind everyone, due ones are priority', () => {
    const later = { ...t('A', 0, 'appointment'), queuePos: NOW + 30 * 60_000 };
    const walkIn = t('A', 1);
    let p = pickNext([later, walkIn], { categories: [{ category: 'A', weight: 1 }], ratioPos: 0 }, R, NOW);
    expect(p.ticket!.id).toBe(walkIn.id);
    // Alone, a not-yet-due appointment is still called: a free window takes any waiting ticket.
    p = pickNext([later], { categories: [{ category: 'A', weight: 1 }], ratioPos: 0 }, R, NOW);
    expect(p.ticket!.id).toBe(later.id);
    const dueSoon = { ...t('A', 0, 'appointment'), queuePos: NOW + 2 * 60_000 }; // within 5 min early window
    p = pickNext([dueSoon, walkIn], { categories: [{ category: 'A', weight: 1 }], ratioPos: 0 }, R, NOW);
    expect(p.ticket!.id).toBe(dueSoon.id);
    expect(p.ticket!.group).toBe('priority');
  });

  it('a ticket transferred to this window comes first; onlyCategory narrows the choice', () => {
    const tgt = t('A', 1, 'normal', true);
    const old = t('A', 40);
    expect(pickNext([old, tgt], { categories: [{ category: 'A', weight: 1 }], ratioPos: 0 }, R, NOW).rule).toBe('targeted');
    const b = t('B', 50);
    const p = pickNext(
      [old, b],
      {
        categories: [
          { category: 'A', weight: 1 },
          { category: 'B', weight: 1 },
        ],
        ratioPos: 0,
        onlyCategory: 'A',
      },
      R,
      NOW,
    );
    expect(p.ticket!.id).toBe(old.id);
  });

  it('explains the pick in Chinese with the score', () => {
    const p = pickNext([t('A', 9)], { categories: [{ category: 'A', weight: 2 }], ratioPos: 0 }, R, NOW);
    expect(p.steps.at(-1)).toContain('权重 2');
    expect(p.ticket!.score).toBeCloseTo(2 * 1 * 10, 5);
  });
});
