// KeyBoxEvaluator: the Evaluator contract over a serial key box speaking our small-frame protocol.
import { CodedError } from '../../domain/api/errors';
import { SmallLink, type LinkStatus } from '../serial/smallLink';
import { AckStatus, type SmallFrame } from '../serial/smallFrame';
import { SessionEvaluator, type EvaluatorClerk, type EvaluatorStatus, type RatingRequest } from './contract';
import { joinFields, KEY_LEVELS, KEYBOX_PREAMBLE, KeyBoxCmd } from './keyboxProtocol';

export interface KeyBoxOptions {
  path: string;
  baudRate?: number;
  ackTimeoutMs?: number;
  retries?: number;
  reconnectIntervalMs?: number;
}

export class KeyBoxEvaluator extends SessionEvaluator {
  readonly kind = 'keyBox' as const;
  private readonly link: SmallLink;
  private lastKeySeq: number | null = null;
  private _status: EvaluatorStatus = { state: 'absent', code: 'EVALUATOR_CLOSED', message: '评价器未连接' };

  constructor(opts: KeyBoxOptions) {
    super();
    this.link = new SmallLink({
      path: opts.path,
      baudRate: opts.baudRate ?? 9600,
      preamble: KEYBOX_PREAMBLE,
      codePrefix: 'EVALUATOR',
      deviceLabel: '评价器',
      ackTimeoutMs: opts.ackTimeoutMs,
      retries: opts.retries,
      reconnectIntervalMs: opts.reconnectIntervalMs,
    });
    this.link.on('status', (s: LinkStatus) => {
      this._status = { state: s.state === 'connected' ? 'ok' : s.state === 'closed' ? 'absent' : 'offline', code: s.code, message: s.message };
      this.emit('status', this._status);
    });
    this.link.on('frame', (f) => this.onEvent(f));
  }

  open(): Promise<void> {
    return this.link.open();
  }

  status(): EvaluatorStatus {
    return this._status;
  }

  private onEvent(f: SmallFrame): void {
    if (f.cmd !== KeyBoxCmd.keyPressed) return this.link.ack(f.seq, AckStatus.unknownCommand);
    if (f.seq === this.lastKeySeq) return this.link.ack(f.seq); // a resend of a key we already took
    const key = f.data[0] ?? 0;
    const level = KEY_LEVELS[key - 1];
    if (!level) return this.link.ack(f.seq, AckStatus.badData);
    const req = this.pending;
    if (!req) return this.link.ack(f.seq, AckStatus.busy); // no rating window open: ignored
    const count = f.data[1] ?? 0;
    const reasons = req.badReasons ?? [];
    const reasonCodes = [...f.data.subarray(2, 2 + count)].map((i) => reasons[i - 1]?.code).filter((c): c is string => !!c);
    try {
      this.submit(req.requestId, { level, reasonCodes });
      this.lastKeySeq = f.seq;
      this.link.ack(f.seq);
    } catch (e) {
      this.link.ack(f.seq, (e as CodedError).code === 'RATING_REASON_REQUIRED' ? AckStatus.reasonRequired : AckStatus.badData);
    }
  }

  async showClerk(clerk: EvaluatorClerk, caseLine = ''): Promise<void> {
    const stars = String(Math.max(0, Math.min(5, Math.round(clerk.stars))));
    await this.link.send(KeyBoxCmd.show, joinFields([clerk.name, clerk.workNo, stars, caseLine]));
  }

  async clear(): Promise<void> {
    await this.link.send(KeyBoxCmd.clear);
  }

  protected async present(req: RatingRequest): Promise<void> {
    const caseLine = [req.case.ticketNumber, req.case.serviceName].filter(Boolean).join(' ');
    await this.showClerk(req.clerk, caseLine);
    const reasons = (req.badReasons ?? []).slice(0, 9);
    const secs = Math.max(1, Math.min(255, Math.round(req.timeoutMs / 1000)));
    await this.link.send(KeyBoxCmd.requestRating, Buffer.concat([Buffer.from([secs]), joinFields(reasons.map((r) => r.label))]));
  }

  protected async dismiss(): Promise<void> {
    // Close the box's rating window (best effort; the box also times out on its own).
    await this.link.send(KeyBoxCmd.cancel).catch(() => undefined);
  }

  override async close(): Promise<void> {
    await super.close();
    await this.link.close();
  }
}
