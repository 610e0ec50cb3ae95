// Trust (issue 12), the counter's offline credential cache: it expires after 7 days, locks after
// 5 wrong offline passwords until the next online sign-in, normalises NFKC like the hall server,
// and can be dropped. A real counter SQLite file; the clock is passed in.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCounterDb, type Db } from '../../electron/core/db';
import {
  CREDENTIAL_CACHE_TTL_MS,
  OFFLINE_MAX_FAILURES,
  checkCachedCredential,
  forgetCredential,
  rememberCredential,
  setCachedRole,
  verifyCachedCredential,
} from '../../electron/core/session/credentialCache';
import { hashPasswordSync, verifyPassword } from '../../platform/passwords';

const card = { workNo: 'C001', name: '张三', stars: 5 };
const T0 = Date.parse('2026-03-02T09:00:00+08:00');
let db: Db;

beforeEach(() => {
  db = openCounterDb(mkdtempSync(join(tmpdir(), 'trust-cred-')));
  rememberCredential(db, 'C001', 'demo', card, 1, 'clerk', T0);
});
afterEach(() => db.close());

describe('offline credential cache', () => {
  it('signs in with the right password within 7 days', () => {
    expect(verifyCachedCredential(db, 'C001', 'demo', T0 + CREDENTIAL_CACHE_TTL_MS - 60_000)?.staff.name).toBe('张三');
  });

  it('expires 7 days after the last online sign-in (and the verifier is gone)', () => {
    expect(checkCachedCredential(db, 'C001', 'demo', T0 + CREDENTIAL_CACHE_TTL_MS + 1)).toMatchObject({ ok: false, reason: 'expired' });
    expect(checkCachedCredential(db, 'C001', 'demo', T0)).toMatchObject({ ok: false, reason: 'none' });
  });

  it(`locks after ${OFFLINE_MAX_FAILURES} wrong offline passwords, even for the right one, until the next online sign-in`, () => {
    for (let i = 1; i < OFFLINE_MAX_FAILURES; i++)
      expect(checkCachedCredential(db, 'C001', `wrong${i}`, T0)).toMatchObject({ ok: false, reason: 'wrong', failures: i });
    expect(checkCachedCredential(db, 'C001', 'wrong!', T0)).toMatchObject({ ok: false, reason: 'locked' });
    expect(checkCachedCredential(db, 'C001', 'demo', T0)).toMatchObject({ ok: false, reason: 'locked' });
    // An online sign-in re-caches the verifier and clears the count.
    rememberCredential(db, 'C001', 'demo', card, 1, 'clerk', T0 + 1000);
    expect(checkCachedCredential(db, 'C001', 'demo', T0 + 2000).ok).toBe(true);
  });

  it('a right password resets the count of wrong ones', () => {
    for (let i = 0; i < OFFLINE_MAX_FAILURES - 1; i++) checkCachedCredential(db, 'C001', 'nope', T0);
    expect(checkCachedCredential(db, 'C001', 'demo', T0).ok).toBe(true);
    expect(checkCachedCredential(db, 'C001', 'nope', T0)).toMatchObject({ reason: 'wrong', failures: 1 });
  });

  it('normalises NFKC like the hall server: a full-width password is the same password on both', async () => {
    const fullWidth = 'ｄｅｍｏ１２３４';
    rememberCredential(db, 'C002', 'demo1234', card, 2, 'clerk', T0);
    expect(checkCachedCredential(db, 'C002', fullWidth, T0).ok).toBe(true);
    expect(await verifyPassword(fullWidth, hashPasswordSync('demo1234'))).toBe(true);
  });

  it('is dropped on request, and the role follows what the hall last said', () => {
    rememberCredential(db, 'M009', 'demo', { ...card, workNo: 'M009' }, null, 'manager', T0);
    setCachedRole(db, 'M009', 'clerk');
    expect(verifyCachedCredential(db, 'M009', 'demo', T0)?.role).toBe('clerk');
    expect(forgetCredential(db, 'C001')).toBe(true);
    expect(verifyCachedCredential(db, 'C001', 'demo', T0)).toBeNull();
  });
});
