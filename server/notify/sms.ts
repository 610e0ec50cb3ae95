// SMS senders behind one interface. The hall ships two adapters: an HTTP gateway (the local fake
// in fakeGateway.ts for the demo and the tests; a provider's relay in production, see
// docs/phone.md) and `none`. A real provider (阿里云短信, 腾讯云短信…) plugs in as another
// SmsSender: a template id and parameters instead of free text is its only difference.

export interface SmsMessage {
  /** Mainland mobile number, digits only. Never logged. */
  to: string;
  /** Which message (a provider maps it to its registered template). */
  template: 'ahead' | 'called';
  params: Record<string, string>;
  /** The text as the fake gateway and free-text providers send it. */
  text: string;
}

export interface SmsSender {
  readonly name: string;
  send(msg: SmsMessage): Promise<void>;
}

export class NoSms implements SmsSender {
  readonly name = 'none';
  async send(): Promise<void> {}
}

/** POSTs {to, template, params, text} as JSON to `url`; any non-2xx answer is a failure. */
export class HttpSmsGateway implements SmsSender {
  readonly name = 'http';
  constructor(
    private readonly url: string,
    private readonly opts: { apiKey?: string; timeoutMs?: number } = {},
  ) {}

  async send(msg: SmsMessage): Promise<void> {
    const res = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.opts.apiKey ? { authorization: `Bearer ${this.opts.apiKey}` } : {}) },
      body: JSON.stringify(msg),
      signal: AbortSignal.timeout(this.opts.timeoutMs ?? 5000),
    });
    if (!res.ok) throw new Error(`SMS gateway answered ${res.status}`);
  }
}

export function smsSenderFrom(url: string | undefined): SmsSender {
  return url ? new HttpSmsGateway(url, { apiKey: process.env.HALL_SMS_API_KEY }) : new NoSms();
}
