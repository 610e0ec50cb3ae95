// Authenticated ciphers for data at rest (node:crypto over the platform's OpenSSL). AES-256-GCM
// is the default; SM4 (GB/T 32907, for halls under 商用密码 evaluation) is offered as SM4-CBC
// with HMAC-SM3 (encrypt-then-MAC) because OpenSSL 3.0 builds ship no SM4-GCM. Every cipher
// takes a 32-byte key and binds `aad` (what the ciphertext belongs to) so a value cannot be
// moved to another case or field unnoticed.
import crypto from 'node:crypto';

export type CipherName = 'aes-256-gcm' | 'sm4-cbc-hmac-sm3';

export interface DataCipher {
  readonly name: CipherName;
  seal(key: Buffer, plain: Buffer, aad: string): Buffer;
  /** Throws when the key is wrong or the data or its aad were altered. */
  open(key: Buffer, sealed: Buffer, aad: string): Buffer;
}

const aesGcm: DataCipher = {
  name: 'aes-256-gcm',
  seal(key, plain, aad) {
    const iv = crypto.randomBytes(12);
    const c = crypto.createCipheriv('aes-256-gcm', key, iv);
    c.setAAD(Buffer.from(aad));
    const body = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), body]);
  },
  open(key, sealed, aad) {
    const d = crypto.createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
    d.setAAD(Buffer.from(aad));
    d.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([d.update(sealed.subarray(28)), d.final()]);
  },
};

// SM4 keys are 16 bytes: the first half of the 32-byte key encrypts, the second half MACs.
const sm4Mac = (key: Buffer, iv: Buffer, body: Buffer, aad: string) =>
  crypto.createHmac('sm3', key.subarray(16, 32)).update(iv).update(body).update(Buffer.from(aad)).digest();

const sm4CbcHmac: DataCipher = {
  name: 'sm4-cbc-hmac-sm3',
  seal(key, plain, aad) {
    const iv = crypto.randomBytes(16);
    const c = crypto.createCipheriv('sm4-cbc', key.subarray(0, 16), iv);
    const body = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.concat([iv, sm4Mac(key, iv, body, aad), body]);
  },
  open(key, sealed, aad) {
    const iv = sealed.subarray(0, 16);
    const mac = sealed.subarray(16, 48);
    const body = sealed.subarray(48);
    const want = sm4Mac(key, iv, body, aad);
    if (mac.length !== want.length || !crypto.timingSafeEqual(mac, want)) throw new Error('sealed data failed authentication');
    const d = crypto.createDecipheriv('sm4-cbc', key.subarray(0, 16), iv);
    return Buffer.concat([d.update(body), d.final()]);
  },
};

/** Ciphers this process's OpenSSL can run (SM4 only when the build has it). */
let available: CipherName[] | null = null;
export function availableCiphers(): CipherName[] {
  if (available) return [...available];
  const ciphers = new Set(crypto.getCiphers());
  const hashes = new Set(crypto.getHashes());
  const out: CipherName[] = ['aes-256-gcm'];
  if (ciphers.has('sm4-cbc') && hashes.has('sm3')) out.push('sm4-cbc-hmac-sm3');
  available = out;
  return [...out];
}

export function cipherFor(name: string): DataCipher {
  if (name === 'aes-256-gcm') return aesGcm;
  if (name === 'sm4-cbc-hmac-sm3') {
    if (!availableCiphers().includes('sm4-cbc-hmac-sm3')) throw new Error('SM4/SM3 is not available in this OpenSSL build');
    return sm4CbcHmac;
  }
  throw new Error(`unknown cipher ${name}`);
}
