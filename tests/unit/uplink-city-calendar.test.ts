// The city's holiday overrides (catalogue downlink) are the hall's working calendar: a 差评
// follow-up opened after the city declared a day off counts its due date past that day, and the
// hall's case projection uses the same calendar (server/uplink/cityCalendar.ts).
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHallServer, type HallServer } from '../../server/app';
import type { HallContext } from '../../server/context';
import { applyCityCatalogue } from '../../server/uplink/downlink';
import { hallCalendar } from '../../server/uplink/cityCalendar';
import { chinaDateOf, defaultCalendar } from '../../domain/calendar';
import { FOLLOW_UP_STAGES, openFollowUpTask, type FollowUpTask } from '../../domain/rating/followUp';
import { call } from '../support/centralClient';

let s: HallServer & { ctx: HallContext };
let counter: string;
let manager: string;

beforeAll(async () => {
  s = await startHallServer({ port: 0, dataDir: ':memory:', seed: 'demo', logLevel: 'warn' });
  counter = (await call<{ token: string }>(s.url, 'POST', '/api/devices/enroll', null, { code: 'COUNTER-DEMO-1', kind: 'counter', name: 'unit counter' })).body
    .token;
  manager = (await call<{ token: string }>(s.url, 'POST', '/api/auth/login', null, { workNo: 'M001', password: 'demo' })).body.token;
});
afterAll(async () => {
  await s?.close();
});

describe("the city's holiday overrides in the hall", () => {
  it('without a city the bundled calendar; after a downlink the overrides count', async () => {
    expect(hallCalendar(s.ctx.store)).toBe(defaultCalendar);
    const ratedAt = new Date(Date.now() - 3_600_000).toISOString();
    const openedOn = chinaDateOf(ratedAt);
    const rating = {
      id: crypto.randomUUID(),
      windowNo: 1,
      clerkWorkNo: 'C001',
      level: 'veryDissatisfied' as const,
      reasonCodes: [],
      channel: 'hallTablet',
      ratedAt,
    };
    // What the bundled calendar gives: the first stage due after the day it was opened.
    const config = (await call<{ config: FollowUpTask['config'] }>(s.url, 'GET', '/api/followups', manager)).body.config;
    const plain = openFollowUpTask({ id: rating.id, level: rating.level, clerkWorkNo: 'C001', windowNo: 1 }, openedOn, { config });
    const stage = FOLLOW_UP_STAGES.find((x) => plain.stages[x].dueDate !== null && plain.stages[x].dueDate !== openedOn)!;
    const dayOff = plain.stages[stage].dueDate!;
    // The city declares that day a day off.
    const overrides = [{ date: dayOff, working: false, note: '市政府临时调休' }];
    applyCityCatalogue(s.ctx, 2, { items: [], departments: [], holidayOverrides: overrides, badReasons: [] });
    expect(hallCalendar(s.ctx.store).isWorkingDay(dayOff)).toBe(false);
    const withCity = openFollowUpTask({ id: rating.id, level: rating.level, clerkWorkNo: 'C001', windowNo: 1 }, openedOn, {
      config,
      calendar: defaultCalendar.withOverrides(overrides),
    });
    expect(withCity.stages[stage].dueDate! > dayOff).toBe(true);
    // The hall opens the task for a 差评 with the city's calendar.
    expect((await call(s.url, 'POST', '/api/ratings', counter, rating)).status).toBe(200);
    const list = await call<{ tasks: FollowUpTask[] }>(s.url, 'GET', '/api/followups', manager);
    const task = list.body.tasks.find((t) => t.ratingId === rating.id)!;
    expect(task.stages[stage].dueDate).toBe(withCity.stages[stage].dueDate);
    // A newer version without the override: back to the bundled calendar.
    applyCityCatalogue(s.ctx, 3, { items: [], departments: [], holidayOverrides: [], badReasons: [] });
    expect(hallCalendar(s.ctx.store).isWorkingDay(dayOff)).toBe(defaultCalendar.isWorkingDay(dayOff));
  });
});
