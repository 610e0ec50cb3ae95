// The one scrypt implementation (platform/passwords.ts), as the hall server and the counter's
// offline sign-in both use it: same normalisation (NFKC) on both sides.
import { describe, expect, it } from 'vitest';
import { hashPasswordSync, verifyPassword } from '../../platform/passwords';
import { openCounterDb } from '../../electron/core/db';
import { rememberCredential, verifyCachedCredential } from '../../electron/core/session/credentialCache';

const staff = { workNo: 'C001', name: '张三', stars: 5 };

describe('platform/passwords', () => {
  it('hall hashes verify; a wrong password, a malformed hash do not', async () => {
    const h = hashPasswordSync('demo-pass');
    expect(h).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('demo-pass', h)).toBe(true);
    expect(await verifyPassword('demo-pasS', h)).toBe(false);
    expect(await verifyPassword('demo-pass', 'md5$abc')).toBe(false);
  });

  it('a full-width password typed on an IME is the same password, on the hall and on the counter', async () => {
    const h = hashPasswordSync('Ａｂｃ１２３');
    expect(await verifyPassword('Abc123', h)).toBe(true);
    const db = openCounterDb(':memory:');
    rememberCredential(db, 'C001', 'Abc123', staff, 1, 'clerk');
    expect(verifyCachedCredential(db, 'C001', 'Ａｂｃ１２３')?.staff.workNo).toBe('C001');
    expect(verifyCachedCredential(db, 'C001', 'Abc124')).toBeNull();
    db.close();
  });
});
