// Issue 13 items 8–11 at the level of their rules: the transfer warning, the 等候 timer, walk-ins
// and suspended calls on the display, the rating chart's colours, 「全部在办」, error messages by
// code and English plurals/labels through i18next (the renderer's own i18n instance, in Node).
import { describe, expect, it, beforeAll } from 'vitest';
import { transferWarning, transferBody } from '../../domain/queue/transferTarget';
import { waitedMs } from '../../domain/queue/waitTime';
import { liveCalls, newCalls } from '../../renderer/src/roles/display/callFeed';
import { ratingSlices, RATING_LEVEL_COLORS } from '../../domain/rating/levels';
import { isCaseOpen } from '../../domain/cases';
import type { CallRecord, WindowView } from '../../domain/api/hall';

const win = (no: number, status: WindowView['status'], cats: string[], clerk: string | null, current: WindowView['current'] = null): WindowView => ({
  no,
  name: `${no}号窗口`,
  status,
  pauseReason: null,
  clerk: clerk ? { workNo: clerk, name: clerk, stars: 5 } : null,
  current,
  categories: cats.map((category) => ({ category, weight: 1 })),
});

describe('transfer target warning', () => {
  const snap = { windows: [win(1, 'serving', ['A'], 'C001'), win(2, 'paused', ['C'], 'C002'), win(3, 'open', ['B'], 'C003'), win(4, 'closed', ['D'], null)] };
  it('warns when no open window (other than mine) serves the category', () => {
    expect(transferWarning(snap, { kind: 'category', category: 'C' }, 1)).toEqual({ code: 'noOpenWindowForCategory', category: 'C' });
    expect(transferWarning(snap, { kind: 'category', category: 'A' }, 1)).toEqual({ code: 'noOpenWindowForCategory', category: 'A' });
    expect(transferWarning(snap, { kind: 'category', category: 'B' }, 1)).toBeNull();
  });
  it('warns for a paused window, a window not taking the category, an absent clerk', () => {
    expect(transferWarning(snap, { kind: 'window', windowNo: 2, category: 'C' }, 1)).toMatchObject({ code: 'windowNotOpen', windowNo: 2 });
    expect(transferWarning(snap, { kind: 'window', windowNo: 3, category: 'C' }, 1)).toMatchObject({ code: 'windowNotServingCategory' });
    expect(transferWarning(snap, { kind: 'window', windowNo: 3, category: 'B' }, 1)).toBeNull();
    expect(transferWarning(snap, { kind: 'clerk', workNo: 'C009', category: 'B' }, 1)).toMatchObject({ code: 'clerkNotAtWindow' });
    expect(transferWarning(snap, { kind: 'clerk', workNo: 'C002', category: 'C' }, 1)).toMatchObject({ code: 'clerkWindowNotOpen', windowNo: 2 });
    expect(transferBody({ kind: 'clerk', workNo: 'C003', category: 'B' })).toEqual({ clerkWorkNo: 'C003', category: 'B' });
  });
});

describe('等候 stops at the call', () => {
  it('counts from issue to the call, not to now', () => {
    const t = { issuedAt: '2026-12-07T00:00:00Z', calledAt: '2026-12-07T00:05:00Z' };
    expect(waitedMs(t, Date.parse('2026-12-07T00:30:00Z'))).toBe(5 * 60_000);
    expect(waitedMs({ issuedAt: t.issuedAt }, Date.parse('2026-12-07T00:07:00Z'))).toBe(7 * 60_000);
  });
});

describe('display', () => {
  const call = (seq: number, ticketId: string, windowNo: number, walkIn = false): CallRecord => ({
    seq,
    ticketId,
    ticketNumber: `A00${seq}`,
    windowNo,
    kind: 'call',
    at: '2026-12-07T00:00:00Z',
    ...(walkIn ? { walkIn: true } : {}),
  });
  it('does not announce walk-ins (the citizen is already at the window)', () => {
    const r = newCalls([call(1, 't1', 1), call(2, 't2', 2, true), call(3, 't3', 1)], 0);
    expect(r.announce.map((c) => c.seq)).toEqual([1, 3]);
  });
  it('shows as 正在呼叫 only a call still current at an open window', () => {
    const t = (id: string, status: 'called' | 'serving' | 'suspended') =>
      ({
        id,
        number: id,
        category: 'A',
        status,
        priority: 'normal',
        channel: 'kiosk',
        issuedAt: '2026-12-07T00:00:00Z',
        recallCount: 0,
      }) as WindowView['current'];
    const calls = [call(1, 't1', 1), call(2, 't2', 2), call(3, 't3', 3)];
    // Window 1 paused after suspending t1 (no current); window 2 paused with t2 still current; window 3 calling t3.
    const windows = [win(1, 'paused', ['A'], 'C001'), win(2, 'paused', ['A'], 'C002', t('t2', 'called')), win(3, 'serving', ['A'], 'C003', t('t3', 'called'))];
    expect(liveCalls(calls, windows).map((c) => c.ticketId)).toEqual(['t3']);
  });
});

describe('rating chart', () => {
  it('colours each level by the level: a lone 非常不满意 is red', () => {
    const s = ratingSlices([{ level: 'veryDissatisfied' }]);
    expect(s).toHaveLength(1);
    expect(s[0]!.itemStyle.color).toBe(RATING_LEVEL_COLORS.veryDissatisfied);
    expect(s[0]!.name).toBe('非常不满意');
  });
});

describe('全部在办', () => {
  it('does not count a completed 即办件, still counts a completed 承诺件 awaiting hand-over', () => {
    expect(isCaseOpen({ status: 'completed', caseType: 'immediate' })).toBe(false);
    expect(isCaseOpen({ status: 'completed', caseType: 'committed' })).toBe(true);
    expect(isCaseOpen({ status: 'accepted', caseType: 'immediate' })).toBe(true);
    expect(isCaseOpen({ status: 'handedOver', caseType: 'committed' })).toBe(false);
  });
});

describe('i18n: errors by code, domain labels, plurals', () => {
  let i18n: typeof import('../../renderer/src/i18n').default;
  let errorText: typeof import('../../renderer/src/i18n/errorText').errorText;
  let domainLabel: typeof import('../../renderer/src/i18n/domainLabels').domainLabel;
  beforeAll(async () => {
    (globalThis as { localStorage?: unknown }).localStorage ??= { getItem: () => null, setItem: () => undefined };
    i18n = (await import('../../renderer/src/i18n')).default;
    errorText = (await import('../../renderer/src/i18n/errorText')).errorText;
    domainLabel = (await import('../../renderer/src/i18n/domainLabels')).domainLabel;
  });
  it('maps API codes to Chinese and English messages, never the raw code', async () => {
    await i18n.changeLanguage('zh-CN');
    expect(errorText({ code: 'recall_too_soon', message: '刚刚叫过，请 7 秒后再重呼' })).toBe('刚刚叫过，请 7 秒后再重呼');
    await i18n.changeLanguage('en');
    expect(errorText({ code: 'recall_too_soon', message: '刚刚叫过，请 7 秒后再重呼' })).toBe('Just called; recall again in 7 seconds');
    expect(errorText({ code: 'recall_too_soon', message: '刚刚叫过，请 1 秒后再重呼' })).toBe('Just called; recall again in 1 second');
    expect(errorText({ code: 'window_paused', message: '1 号窗口暂停服务中' })).toBe('The window is paused; resume service first');
    // Unknown code: the sender's message, not the code.
    expect(errorText({ code: 'something_new', message: '新的错误' })).toBe('新的错误');
  });
  it('labels statuses, types and events by code in English, and pluralises days', async () => {
    await i18n.changeLanguage('en');
    expect(domainLabel('status', 'handedOver', '已出件')).toBe('Handed over');
    expect(domainLabel('caseType', 'immediate', '即办件')).toBe('On-the-spot');
    expect(domainLabel('event', 'materialsRequested', '一次性告知')).toBe('Missing-materials notice');
    expect(i18n.t('counter:intake.promisedDays', { n: 1, count: 1 })).toBe('1 working day');
    expect(i18n.t('counter:intake.promisedDays', { n: 5, count: 5 })).toBe('5 working days');
    await i18n.changeLanguage('zh-CN');
    expect(domainLabel('status', 'handedOver', '已出件')).toBe('已出件');
    expect(i18n.t('counter:intake.promisedDays', { n: 1, count: 1 })).toContain('1');
  });
});

describe('one clock helper', () => {
  it('no screen, printer template or core module formats time with the PC zone or a fixed +8', async () => {
    const { readdirSync, readFileSync, statSync } = await import('node:fs');
    const { join } = await import('node:path');
    const files: string[] = [];
    const walk = (d: string) => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (/\.tsx?$/.test(f)) files.push(p);
      }
    };
    for (const d of ['renderer/src', 'native/printer', 'electron/core']) walk(d);
    const bad = files.filter((f) => /toLocale(String|TimeString|DateString)|getHours\(|getMinutes\(|8 \* 3600_?000/.test(readFileSync(f, 'utf8')));
    expect(bad).toEqual([]);
  });
});
