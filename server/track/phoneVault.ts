// Phone numbers a citizen leaves for SMS: AES-256-GCM at rest plus a masked form for display.
// The key is made on first use and kept in `meta` (one hall, one file); when the hall gets a key
// store of its own (issue on encryption at rest) this is the one place to change. A number is
// never logged and is erased by the daily purge (purge.ts).
import crypto from 'node:crypto';
import type { HallStore } from '../db/connection';
import { maskPhone } from '../../domain/idNumber';

const KEY = 'phone_key_v1';

export class PhoneVault {
  private key: Buffer | null = null;

  constructor(private readonly store: HallStore) {}

  private k(): Buffer {
    if (this.key) return this.key;
    const q = this.store.q;
    let v = this.store.get(q.selectFrom('meta').select('value').where('key', '=', KEY))?.value;
    if (!v) {
      v = crypto.randomBytes(32).toString('base64');
      this.store.run(
        q
          .insertInto('meta')
          .values({ key: KEY, value: v })
          .onConflict((oc) => oc.column('key').doNothing()),
      );
      v = this.store.get(q.selectFrom('meta').select('value').where('key', '=', KEY))!.value;
    }
    return (this.key = Buffer.from(v, 'base64'));
  }

  seal(phone: string): { enc: string; masked: string } {
    const iv = crypto.randomBytes(12);
    const c = crypto.createCipheriv('aes-256-gcm', this.k(), iv);
    const body = Buffer.concat([c.update(phone, 'utf8'), c.final()]);
    return { enc: [iv, c.getAuthTag(), body].map((b) => b.toString('base64')).join('.'), masked: maskPhone(phone) };
  }

  open(enc: string): string {
    const [iv, tag, body] = enc.split('.').map((x) => Buffer.from(x, 'base64'));
    const d = crypto.createDecipheriv('aes-256-gcm', this.k(), iv!);
    d.setAuthTag(tag!);
    return Buffer.concat([d.update(body!), d.final()]).toString('utf8');
  }
}
