// The master keys and secrets that must never sit in the database they protect. A keyring is
// a small JSON document: the key-encryption keys (each with an id and its cipher; `current`
// wraps new data keys, older ones stay to unwrap what they wrapped: rotation without
// re-encrypting), plus named secrets (the hall's ID-hash salt, the counter's search key).
// Where it is kept is the caller's choice: a 0600 key file, an environment variable, or (on an
// Electron counter) a file encrypted with the OS secret store by the main process.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { availableCiphers, type CipherName } from './ciphers';

const keyringSchema = z.object({
  version: z.literal(1),
  current: z.string().min(1),
  keys: z
    .array(z.object({ id: z.string().min(1).max(32), cipher: z.enum(['aes-256-gcm', 'sm4-cbc-hmac-sm3']), key: z.string(), createdAt: z.string().optional() }))
    .min(1),
  secrets: z.record(z.string(), z.string()).default({}),
});
export type KeyringData = z.infer<typeof keyringSchema>;

export class Keyring {
  private readonly keys = new Map<string, { cipher: CipherName; key: Buffer }>();
  /** Called after a change (a new key, a secret moved in) so the owner can persist it. */
  onChange: ((data: KeyringData) => void) | null = null;

  constructor(private data: KeyringData) {
    for (const k of data.keys) {
      const key = Buffer.from(k.key, 'base64');
      if (key.length !== 32) throw new Error(`key ${k.id} is not 32 bytes`);
      this.keys.set(k.id, { cipher: k.cipher, key });
    }
    if (!this.keys.has(data.current)) throw new Error(`current key ${data.current} missing from the keyring`);
  }

  static parse(json: string): Keyring {
    return new Keyring(keyringSchema.parse(JSON.parse(json)));
  }

  static generate(cipher: CipherName = 'aes-256-gcm'): Keyring {
    const id = newKeyId();
    return new Keyring({
      version: 1,
      current: id,
      keys: [{ id, cipher, key: crypto.randomBytes(32).toString('base64'), createdAt: new Date().toISOString() }],
      secrets: {},
    });
  }

  get currentId(): string {
    return this.data.current;
  }

  key(id: string): { cipher: CipherName; key: Buffer } | null {
    return this.keys.get(id) ?? null;
  }

  /** Add a new master key and make it current (old keys stay for unwrapping). */
  rotate(cipher: CipherName = this.keys.get(this.data.current)!.cipher): string {
    if (!availableCiphers().includes(cipher)) throw new Error(`${cipher} is not available`);
    const id = newKeyId();
    const key = crypto.randomBytes(32);
    this.keys.set(id, { cipher, key });
    this.data = { ...this.data, current: id, keys: [...this.data.keys, { id, cipher, key: key.toString('base64'), createdAt: new Date().toISOString() }] };
    this.onChange?.(this.data);
    return id;
  }

  secret(name: string): string | null {
    return this.data.secrets[name] ?? null;
  }

  setSecret(name: string, value: string): void {
    this.data = { ...this.data, secrets: { ...this.data.secrets, [name]: value } };
    this.onChange?.(this.data);
  }

  /** A secret, created (random, base64) on first use. */
  ensureSecret(name: string, bytes = 32): string {
    const v = this.secret(name);
    if (v) return v;
    const fresh = crypto.randomBytes(bytes).toString('base64');
    this.setSecret(name, fresh);
    return fresh;
  }

  toJSON(): KeyringData {
    return this.data;
  }
}

const newKeyId = () => `k${Date.now().toString(36)}${crypto.randomBytes(2).toString('hex')}`;

/** Write a file readable by its owner only (created 0600; an existing file is narrowed too). */
export function writePrivateFile(file: string, content: string | Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, content, { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

/**
 * Load the keyring from a 0600 key file, creating it on first start. A file that other users can
 * read is narrowed to 0600 (and reported) rather than refused: the data must stay readable.
 */
export function loadKeyFile(file: string, opts: { cipher?: CipherName; warn?: (msg: string) => void } = {}): Keyring {
  let ring: Keyring;
  if (fs.existsSync(file)) {
    const mode = fs.statSync(file).mode & 0o777;
    if (mode & 0o077) {
      opts.warn?.(`key file ${file} was readable by others (mode ${mode.toString(8)}): narrowed to 0600`);
      fs.chmodSync(file, 0o600);
    }
    ring = Keyring.parse(fs.readFileSync(file, 'utf8'));
  } else {
    ring = Keyring.generate(opts.cipher);
    writePrivateFile(file, JSON.stringify(ring.toJSON(), null, 2));
  }
  ring.onChange = (d) => writePrivateFile(file, JSON.stringify(d, null, 2));
  return ring;
}

/** Create a database file 0600 before SQLite opens it (its -wal and -shm files inherit the mode). */
export function ensurePrivateDbFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  if (!fs.existsSync(file)) fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    if (fs.existsSync(f) && fs.statSync(f).mode & 0o077) fs.chmodSync(f, 0o600);
  }
}
