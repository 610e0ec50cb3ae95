// Phone numbers a citizen leaves for SMS: AES-256-GCM at rest plus a masked form for display.
// The key lives in the hall's keyring, outside the database (server/privacy/keys.ts). A number
// is never logged and is erased by the daily purge (purge.ts).
import crypto from 'node:crypto';
import { maskPhone } from '../../domain/idNumber';

export class PhoneVault {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the phone key must be 32 bytes');
  }

  seal(phone: string): { enc: string; masked: string } {
    const iv = crypto.randomBytes(12);
    const c = crypto.createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(phone, 'utf8'), c.final()]);
    return { enc: [iv, c.getAuthTag(), body].map((b) => b.toString('base64')).join('.'), masked: maskPhone(phone) };
  }

  open(enc: string): string {
    const [iv, tag, body] = enc.split('.').map((x) => Buffer.from(x, 'base64'));
    const d = crypto.createDecipheriv('aes-256-gcm', this.key, iv!);
    d.setAuthTag(tag!);
    return Buffer.concat([d.update(body!), d.final()]).toString('utf8');
  }
}
