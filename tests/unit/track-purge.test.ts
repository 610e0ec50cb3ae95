// Phone numbers left for SMS are erased when the hall's day changes (injected clock), and only
// those of earlier days; a number is stored encrypted and opens again with the hall's key.
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type HallStore } from '../../server/db/connection';
import { PhonePurge, purgePhonesBefore } from '../../server/track/purge';
import { PhoneVault } from '../../server/track/phoneVault';
import { Keyring } from '../../native/crypto/keyring';
import { movePhoneKeyToKeyring, PHONE_KEY_SECRET } from '../../server/privacy/keys';

let store: HallStore | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

function seed(s: HallStore, vault: PhoneVault, ticketId: string, day: string, phone: string) {
  const { enc, masked } = vault.seal(phone);
  s.raw
    .prepare('INSERT INTO ticket_tracks (ticket_id, token, day, phone_enc, phone_masked) VALUES (?, ?, ?, ?, ?)')
    .run(ticketId, `tok-${ticketId}`.padEnd(22, 'x'), day, enc, masked);
}

function memoryRing(): Keyring {
  const ring = Keyring.generate();
  ring.onChange = () => undefined;
  return ring;
}

describe('phone numbers', () => {
  it('are sealed with a key kept in the keyring, not in the database; a key an older hall made in meta moves there', () => {
    store = openStore(':memory:');
    const legacy = Buffer.alloc(32, 7).toString('base64');
    store.raw.prepare(`INSERT INTO meta (key, value) VALUES ('phone_key_v1', ?)`).run(legacy);
    const oldVault = new PhoneVault(Buffer.from(legacy, 'base64'));
    const before = oldVault.seal('13800138000').enc;
    const ring = memoryRing();
    const key = movePhoneKeyToKeyring(store, ring);
    expect(ring.secret(PHONE_KEY_SECRET)).toBe(legacy);
    expect(store.raw.prepare(`SELECT COUNT(*) AS n FROM meta WHERE key = 'phone_key_v1'`).get()).toEqual({ n: 0 });
    expect(new PhoneVault(key).open(before)).toBe('13800138000'); // numbers left before the upgrade still open
    // A fresh hall: the key is made in the keyring, and the database holds none.
    const other = memoryRing();
    movePhoneKeyToKeyring(store, other);
    expect(other.secret(PHONE_KEY_SECRET)).toMatch(/^[A-Za-z0-9+/]{43}=$/);
    expect(store.raw.prepare(`SELECT COUNT(*) AS n FROM meta WHERE key LIKE 'phone%'`).get()).toEqual({ n: 0 });
  });

  it('are sealed with AES-GCM (no digits at rest) and open again', () => {
    store = openStore(':memory:');
    const vault = new PhoneVault(movePhoneKeyToKeyring(store, memoryRing()));
    const { enc, masked } = vault.seal('13800138000');
    expect(enc).not.toContain('13800138000');
    expect(masked).toBe('138****8000');
    expect(vault.open(enc)).toBe('13800138000');
    expect(vault.seal('13800138000').enc).not.toBe(enc); // a fresh IV each time
  });

  it('are purged at the first check of a new hall day, earlier days only', () => {
    store = openStore(':memory:');
    const vault = new PhoneVault(movePhoneKeyToKeyring(store, memoryRing()));
    seed(store, vault, 't1', '2026-03-02', '13800138000');
    seed(store, vault, 't2', '2026-03-03', '13900139000');
    let now = Date.parse('2026-03-03T10:00:00+08:00');
    const purge = new PhonePurge(store, 'Asia/Shanghai', () => now, 3_600_000);
    expect(purge.check()).toBe(1); // first check: yesterday's number goes
    expect(purge.check()).toBe(0); // same day: nothing more
    const left = () => store!.raw.prepare('SELECT ticket_id, phone_enc IS NOT NULL AS has FROM ticket_tracks ORDER BY ticket_id').all();
    expect(left()).toEqual([
      { ticket_id: 't1', has: 0 },
      { ticket_id: 't2', has: 1 },
    ]);
    now = Date.parse('2026-03-03T23:59:00+08:00');
    expect(purge.check()).toBe(0);
    now = Date.parse('2026-03-04T00:01:00+08:00'); // midnight in the hall's zone
    expect(purge.check()).toBe(1);
    expect(left()).toEqual([
      { ticket_id: 't1', has: 0 },
      { ticket_id: 't2', has: 0 },
    ]);
    expect(store.raw.prepare('SELECT COUNT(*) AS n FROM ticket_tracks WHERE phone_masked IS NOT NULL').get()).toEqual({ n: 0 });
    expect(purgePhonesBefore(store, '2026-03-05')).toBe(0);
    purge.close();
  });
});
