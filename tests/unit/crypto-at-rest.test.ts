// The at-rest cipher module: AES-256-GCM and SM4-CBC+HMAC-SM3 round trips, tampering and a
// moved ciphertext refused, key ids kept with each wrapped data key (rotation), crypto-shredding,
// and key files written 0600.
import { describe, expect, it } from 'vitest';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { availableCiphers, cipherFor } from '../../native/crypto/ciphers';
import { Keyring, loadKeyFile, ensurePrivateDbFile } from '../../native/crypto/keyring';
import { FieldSealer, isSealed } from '../../native/crypto/fieldSealer';
import dataKeys from '../../server/db/migrations/720-data-keys';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'crypto-'));
const mode = (f: string) => fs.statSync(f).mode & 0o777;

describe('ciphers', () => {
  it('offers SM4 where this OpenSSL has it', () => {
    const has = crypto.getCiphers().includes('sm4-cbc') && crypto.getHashes().includes('sm3');
    expect(availableCiphers().includes('sm4-cbc-hmac-sm3')).toBe(has);
    expect(availableCiphers()).toContain('aes-256-gcm');
  });

  for (const name of availableCiphers()) {
    it(`${name}: round trip; tampered data, a wrong key or a different aad is refused`, () => {
      const c = cipherFor(name);
      const key = crypto.randomBytes(32);
      const sealed = c.seal(key, Buffer.from('张三 11010519491231002X'), 'case-1:applicant');
      expect(sealed.includes(Buffer.from('11010519491231002X'))).toBe(false);
      expect(c.open(key, sealed, 'case-1:applicant').toString()).toBe('张三 11010519491231002X');
      const bad = Buffer.from(sealed);
      bad[bad.length - 1]! ^= 1;
      expect(() => c.open(key, bad, 'case-1:applicant')).toThrow();
      expect(() => c.open(crypto.randomBytes(32), sealed, 'case-1:applicant')).toThrow();
      expect(() => c.open(key, sealed, 'case-2:applicant')).toThrow();
    });
  }
});

describe('field sealer', () => {
  const setup = (ring = Keyring.generate()) => {
    const db = new Database(':memory:');
    db.exec(dataKeys.sql);
    return { db, ring, sealer: new FieldSealer(db, ring) };
  };
  const applicant = { name: '王小明', idType: 'residentId', idNumber: '110101199003074477' };

  it('seals only the named fields, opens them, and passes plain legacy values through', () => {
    const { sealer } = setup();
    const sealed = sealer.seal('c1', { caseNo: 'X', applicant }, ['applicant']);
    expect(sealed.caseNo).toBe('X');
    expect(isSealed(sealed.applicant)).toBe(true);
    expect(JSON.stringify(sealed)).not.toContain('110101199003074477');
    expect(sealer.open('c1', sealed, ['applicant']).applicant).toEqual(applicant);
    expect(sealer.open('c1', { applicant }, ['applicant']).applicant).toEqual(applicant);
  });

  it('a sealed value cannot be opened under another case', () => {
    const { sealer } = setup();
    const sealed = sealer.seal('c1', { applicant }, ['applicant']);
    sealer.seal('c2', { applicant }, ['applicant']);
    expect(() => sealer.open('c2', sealed, ['applicant'])).toThrow();
  });

  it('rotation: old data keys still open; rewrap moves them to the new master key', () => {
    const { db, ring, sealer } = setup();
    const first = ring.currentId;
    const sealed = sealer.seal('c1', { applicant }, ['applicant']);
    const second = ring.rotate(availableCiphers().at(-1));
    expect(second).not.toBe(first);
    const fresh = new FieldSealer(db, ring);
    expect(fresh.open('c1', sealed, ['applicant']).applicant).toEqual(applicant);
    expect(fresh.rewrapAll()).toBe(1);
    expect((db.prepare('SELECT key_id FROM data_keys').get() as { key_id: string }).key_id).toBe(second);
    // Without the old key it still opens: the data key is now wrapped by the new one.
    const onlyNew = new Keyring({ ...ring.toJSON(), keys: ring.toJSON().keys.filter((k) => k.id === second) });
    expect(new FieldSealer(db, onlyNew).open('c1', sealed, ['applicant']).applicant).toEqual(applicant);
  });

  it('shredding deletes the data key: the value reads as the tombstone, forever, and new values are not sealed', () => {
    const { db, ring, sealer } = setup();
    const sealed = sealer.seal('c1', { applicant }, ['applicant']);
    expect(sealer.shred('c1')).toBe(true);
    const row = db.prepare('SELECT wrapped, key_id, shredded_at FROM data_keys WHERE scope = ?').get('c1') as {
      wrapped: Buffer | null;
      key_id: string | null;
      shredded_at: number;
    };
    expect(row.wrapped).toBeNull();
    expect(row.key_id).toBeNull();
    expect(new FieldSealer(db, ring).open('c1', sealed, ['applicant'], 'gone').applicant).toBe('gone');
    expect(sealer.seal('c1', { applicant }, ['applicant'], 'gone').applicant).toBe('gone');
  });
});

describe('key files and data files', () => {
  it('a key file is created 0600 and reloads to the same keys; a world-readable one is narrowed', () => {
    const dir = tmp();
    const file = path.join(dir, 'k.json');
    const a = loadKeyFile(file);
    expect(mode(file)).toBe(0o600);
    a.ensureSecret('idSalt');
    const b = loadKeyFile(file);
    expect(b.currentId).toBe(a.currentId);
    expect(b.secret('idSalt')).toBe(a.secret('idSalt'));
    fs.chmodSync(file, 0o644);
    const warnings: string[] = [];
    loadKeyFile(file, { warn: (m) => warnings.push(m) });
    expect(mode(file)).toBe(0o600);
    expect(warnings).toHaveLength(1);
  });

  it('database, WAL and SHM files are created 0600', () => {
    const dir = tmp();
    const file = path.join(dir, 'x.sqlite');
    ensurePrivateDbFile(file);
    const db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (a); INSERT INTO t VALUES (1)');
    for (const f of [file, `${file}-wal`, `${file}-shm`]) expect(mode(f)).toBe(0o600);
    db.close();
  });
});
