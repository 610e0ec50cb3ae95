// KeyBoxEvaluator: the Evaluator contract over a serial key box speaking our small-frame protocol.
import { EventEmitter } from 'node:events';
import { CodedError } from '../../domain/api/errors';
import { SmallLink, type LinkStatus } from '../serial/smallLink';
import { AckStatus, type SmallFrame } from '../serial/smallFrame';
import { RatingSession, type Evaluator, type EvaluatorClerk, type EvaluatorStatus, type RatingOutcome, type RatingRequest } from './contract';
import { joinFields, KEY_LEVELS, KEYBOX_PREAMBLE, KeyBoxCmd } from './keyboxProtocol';

export interface KeyBoxOptions {
  path: string;
  baudRate?: number;
  ackTimeoutMs?: number;
  retries?: number;
  reconnectIntervalMs?: number;
}

export interface KeyBoxEvents {
  status: [EvaluatorStatus];
}

export class KeyBoxEvaluator extends EventEmitter<KeyBoxEvents> implements Evaluator {
  readonly kind = 'keyBox' as const;
  private readonly link: SmallLink;
  private session: RatingSession | null = null;
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
    const s = this.session;
    if (!s?.open) return this.link.ack(f.seq, AckStatus.busy); // no rating window open: ignored
    const count = f.data[1] ?? 0;
    const reasons = s.request.badReasons ?? [];
    const reasonCodes = [...f.data.subarray(2, 2 + count)].map((i) => reasons[i - 1]?.code).filter((c): c is string => !!c);
    try {
      s.submit({ level, reasonCodes });
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

  async requestRating(req: RatingRequest): Promise<RatingOutcome> {
    if (this.session?.open) throw new CodedError('EVALUATOR_BUSY', '评价器正在等待上一次评价，请先取消', 409);
    const caseLine = [req.case.ticketNumber, req.case.serviceName].filter(Boolean).join(' ');
    await this.showClerk(req.clerk, caseLine);
    const reasons = (req.badReasons ?? []).slice(0, 9);
    const secs = Math.max(1, Math.min(255, Math.round(req.timeoutMs / 1000)));
    const session = new RatingSession(req, () => {
      // tell the box the window is over (best effort; the box also times out on its own)
      if (this.session === session) this.session = null;
      this.link.send(KeyBoxCmd.cancel).catch(() => undefined);
    });
    this.session = session;
    try {
      await this.link.send(KeyBoxCmd.requestRating, Buffer.concat([Buffer.from([secs]), joinFields(reasons.map((r) => r.label))]));
    } catch (e) {
      this.session = null;
      session.cancel();
      throw e;
    }
    return session.promise;
  }

  async cancel(): Promise<void> {
    this.session?.cancel();
  }

  async close(): Promise<void> {
    this.session?.cancel();
    await this.link.close();
  }
}
