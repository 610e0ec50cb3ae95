// Print jobs persisted in SQLite: queued → printing → done | failed (retried with backoff, or by
// hand). A job row is written before anything is sent, so a crash or an offline printer never
// loses a receipt; a job found 'printing' at start-up (crash mid-send) is queued again.
// The print_jobs table belongs to the counter's database (counter migration 62 in
// electron/core/db/migrations/): the queue is handed a database that is already migrated.
import { EventEmitter } from 'node:events';
import type Database from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { CodedError } from '../../domain/api/errors';
import { RECEIPT_TEMPLATE_LABELS, type ReceiptInput, type ReceiptTemplate } from '../../domain/receipts/schemas';
import type { PrinterStatus, ReceiptPrinter } from './printer';
import { isReceiptTemplate, renderReceipt } from './render';
import type { FieldSealer } from '../crypto/fieldSealer';

export type PrintJobState = 'queued' | 'printing' | 'done' | 'failed';

export interface PrintJob {
  id: string;
  template: ReceiptTemplate;
  title: string;
  state: PrintJobState;
  attempts: number;
  lastErrorCode: string | null;
  lastError: string | null;
  reprintOf: string | null;
  createdAt: string;
  updatedAt: string;
  printedAt: string | null;
  /** ms epoch of the next automatic attempt for a failed job. */
  nextAttemptAt: number | null;
}

export interface PrintQueueOptions {
  printer: ReceiptPrinter;
  /** First retry delay; doubles per attempt up to maxBackoffMs. */
  retryDelayMs?: number;
  maxBackoffMs?: number;
  /** Ask the printer for DLE EOT status before and after each job (default true). */
  checkStatus?: boolean;
  now?: () => number;
  /**
   * Seals a job's data and bytes at rest (receipts carry names and ID numbers): the counter's
   * FieldSealer, one data key per UTC day of creation (`print:YYYY-MM-DD`), so retention can
   * crypto-shred a whole day. Absent: stored plain (tests of the queue alone).
   */
  sealer?: JobSealer | null;
}

export type JobSealer = Pick<FieldSealer, 'sealBytes' | 'openBytes'>;

/** A job's key scope: the UTC day it was created (a key bucket, not a civil date). */
export const printScope = (createdAtIso: string): string => `print:${createdAtIso.slice(0, 10)}`;
const SEALED_DATA = 'sealed:';

interface Row {
  id: string;
  template: string;
  state: PrintJobState;
  attempts: number;
  last_error_code: string | null;
  last_error: string | null;
  reprint_of: string | null;
  created_at: string;
  updated_at: string;
  printed_at: string | null;
  next_attempt_at: number | null;
}

const toJob = (r: Row): PrintJob => ({
  id: r.id,
  template: r.template as ReceiptTemplate,
  title: RECEIPT_TEMPLATE_LABELS[r.template as ReceiptTemplate] ?? r.template,
  state: r.state,
  attempts: r.attempts,
  lastErrorCode: r.last_error_code,
  lastError: r.last_error,
  reprintOf: r.reprint_of,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  printedAt: r.printed_at,
  nextAttemptAt: r.next_attempt_at,
});

const COLS = 'id, template, state, attempts, last_error_code, last_error, reprint_of, created_at, updated_at, printed_at, next_attempt_at';

export interface PrintQueueEvents {
  job: [PrintJob];
  status: [PrinterStatus];
}

export class PrintQueue extends EventEmitter<PrintQueueEvents> {
  readonly db: Database.Database;
  private readonly printer: ReceiptPrinter;
  private readonly opts: Required<Omit<PrintQueueOptions, 'printer' | 'sealer'>>;
  private readonly sealer: JobSealer | null;
  private busy: Promise<PrintJob | null> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private lastStatus: PrinterStatus | null = null;

  /** `db`: the counter's open database (openCounterDb), which has print_jobs; the caller closes it. */
  constructor(db: Database.Database, options: PrintQueueOptions) {
    super();
    this.db = db;
    if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'print_jobs'").get()) {
      throw new CodedError(
        'PRINT_QUEUE_NOT_MIGRATED',
        'print_jobs table missing: open the database with openCounterDb (electron/core/db.ts), which migrates it',
      );
    }
    this.printer = options.printer;
    this.sealer = options.sealer ?? null;
    this.opts = {
      retryDelayMs: options.retryDelayMs ?? 1000,
      maxBackoffMs: options.maxBackoffMs ?? 30_000,
      checkStatus: options.checkStatus ?? true,
      now: options.now ?? Date.now,
    };
    // A crash while sending: print again rather than lose it (a duplicate slip beats a missing one).
    this.db.prepare(`UPDATE print_jobs SET state = 'queued', updated_at = ? WHERE state = 'printing'`).run(this.iso());
  }

  private iso(): string {
    return new Date(this.opts.now()).toISOString();
  }

  get printerStatus(): PrinterStatus | null {
    return this.lastStatus;
  }

  /** Validate, render and persist a job. Bad data throws RECEIPT_DATA_INVALID and stores nothing. */
  enqueue<T extends ReceiptTemplate>(template: T, data: ReceiptInput<T>, opts: { reprintOf?: string } = {}): PrintJob {
    if (!isReceiptTemplate(template)) throw new CodedError('RECEIPT_TEMPLATE_UNKNOWN', `没有名为 ${String(template)} 的票据模板`);
    const rendered = renderReceipt(template, data, { widthMm: this.printer.widthMm });
    return this.insert(template, JSON.stringify(data), rendered.bytes, opts.reprintOf ?? null);
  }

  /** Queue bytes laid out elsewhere (a document), with the data they came from; same retry and reprint. */
  enqueueBytes(template: string, bytes: Buffer, data: unknown): PrintJob {
    return this.insert(template, JSON.stringify(data), bytes, null);
  }

  private insert(template: string, dataJson: string, bytes: Buffer, reprintOf: string | null): PrintJob {
    const id = uuidv7();
    const at = this.iso();
    const scope = printScope(at);
    const sealedBytes = this.sealer ? this.sealer.sealBytes(scope, bytes) : bytes;
    const sealedData = this.sealer ? this.sealer.sealBytes(scope, Buffer.from(dataJson, 'utf8')) : null;
    if (!sealedBytes) throw new CodedError('PRINT_KEY_SHREDDED', '打印密钥已销毁，无法保存该打印任务', 500);
    this.db
      .prepare(`INSERT INTO print_jobs (id, template, data, bytes, state, created_at, updated_at, reprint_of) VALUES (?, ?, ?, ?, 'queued', ?, ?, ?)`)
      .run(id, template, sealedData ? SEALED_DATA + sealedData.toString('base64') : dataJson, sealedBytes, at, at, reprintOf);
    const job = this.get(id)!;
    this.emit('job', job);
    this.kick();
    return job;
  }

  /** A job's stored data (JSON text) and bytes, opened; null when its day's key was shredded. */
  private stored(id: string): { template: string; data: string; bytes: Buffer } | null | undefined {
    const r = this.db.prepare(`SELECT template, data, bytes, created_at FROM print_jobs WHERE id = ?`).get(id) as
      { template: string; data: string; bytes: Buffer; created_at: string } | undefined;
    if (!r) return undefined;
    if (!this.sealer) return r;
    const scope = printScope(r.created_at);
    const bytes = this.sealer.openBytes(scope, r.bytes);
    const data = r.data.startsWith(SEALED_DATA) ? this.sealer.openBytes(scope, Buffer.from(r.data.slice(SEALED_DATA.length), 'base64')) : Buffer.from(r.data);
    if (!bytes || !data) return null;
    return { template: r.template, data: data.toString('utf8'), bytes };
  }

  get(id: string): PrintJob | null {
    const r = this.db.prepare(`SELECT ${COLS} FROM print_jobs WHERE id = ?`).get(id) as Row | undefined;
    return r ? toJob(r) : null;
  }

  /** The data a job was printed from (for the HTML preview); personal data, do not log. */
  dataOf(id: string): unknown {
    const r = this.stored(id);
    return r ? JSON.parse(r.data) : null;
  }

  list(filter: { state?: PrintJobState; limit?: number } = {}): PrintJob[] {
    const rows = filter.state
      ? this.db.prepare(`SELECT ${COLS} FROM print_jobs WHERE state = ? ORDER BY created_at DESC, rowid DESC LIMIT ?`).all(filter.state, filter.limit ?? 100)
      : this.db.prepare(`SELECT ${COLS} FROM print_jobs ORDER BY created_at DESC, rowid DESC LIMIT ?`).all(filter.limit ?? 100);
    return (rows as Row[]).map(toJob);
  }

  /** A failed job goes back to the queue now. */
  retry(id: string): PrintJob {
    const job = this.get(id);
    if (!job) throw new CodedError('PRINT_JOB_NOT_FOUND', '找不到该打印任务', 404);
    if (job.state !== 'failed') throw new CodedError('PRINT_JOB_NOT_FAILED', `该打印任务状态为「${job.state}」，只有失败的任务可以重试`, 409);
    this.db.prepare(`UPDATE print_jobs SET state = 'queued', next_attempt_at = NULL, updated_at = ? WHERE id = ?`).run(this.iso(), id);
    const updated = this.get(id)!;
    this.emit('job', updated);
    this.kick();
    return updated;
  }

  /** Print the same bytes again as a new job (the original keeps its history). */
  /**
   * Prints a job again, marked 补打: a shared template is rendered again from its stored data with
   * the mark; a document laid out elsewhere passes its marked bytes (`bytes`).
   */
  reprint(id: string, opts: { bytes?: Buffer } = {}): PrintJob {
    const src = this.stored(id);
    if (src === undefined) throw new CodedError('PRINT_JOB_NOT_FOUND', '找不到该打印任务', 404);
    if (src === null) throw new CodedError('PRINT_JOB_SHREDDED', '该票据已过保存期限，内容已销毁，无法补打', 410);
    const bytes =
      opts.bytes ??
      (isReceiptTemplate(src.template)
        ? renderReceipt(src.template, JSON.parse(src.data) as ReceiptInput<ReceiptTemplate>, { widthMm: this.printer.widthMm, reprint: true }).bytes
        : src.bytes);
    return this.insert(src.template, src.data, bytes, id);
  }

  /** Delete finished jobs older than `days` (receipts carry personal data; keep only as needed). */
  purgeDone(days: number): number {
    const cutoff = new Date(this.opts.now() - days * 86_400_000).toISOString();
    return this.db.prepare(`DELETE FROM print_jobs WHERE state = 'done' AND printed_at < ?`).run(cutoff).changes;
  }

  async refreshStatus(): Promise<PrinterStatus> {
    const s = await this.printer.status();
    const changed = !this.lastStatus || this.lastStatus.code !== s.code;
    this.lastStatus = s;
    if (changed) this.emit('status', s);
    return s;
  }

  private nextEligible(): Row | undefined {
    return this.db
      .prepare(
        `SELECT ${COLS} FROM print_jobs
         WHERE state = 'queued' OR (state = 'failed' AND next_attempt_at IS NOT NULL AND next_attempt_at <= ?)
         ORDER BY created_at, rowid LIMIT 1`,
      )
      .get(this.opts.now()) as Row | undefined;
  }

  /** Print the next eligible job; null when there is none. Never runs two jobs at once. */
  processNext(): Promise<PrintJob | null> {
    if (this.busy) return this.busy;
    this.busy = this.runOne().finally(() => {
      this.busy = null;
    });
    return this.busy;
  }

  private async runOne(): Promise<PrintJob | null> {
    const row = this.nextEligible();
    if (!row) return null;
    const claim = this.db.prepare(`UPDATE print_jobs SET state = 'printing', attempts = attempts + 1, updated_at = ? WHERE id = ? AND state = ?`);
    if (claim.run(this.iso(), row.id, row.state).changes !== 1) return null;
    this.emit('job', this.get(row.id)!);
    try {
      if (this.opts.checkStatus) {
        const before = await this.refreshStatus();
        if (!before.online) throw new CodedError(before.code, before.message, 503);
      }
      const job = this.stored(row.id);
      if (!job) throw new CodedError('PRINT_JOB_SHREDDED', '该票据已过保存期限，内容已销毁', 410);
      await this.printer.printBytes(job.bytes);
      if (this.opts.checkStatus) {
        // Paper that ran out during the job: the slip is incomplete, so print it again later.
        const after = await this.refreshStatus();
        if (after.paper === 'out') throw new CodedError(after.code, `${after.message}（本张可能未打印完整）`, 503);
      }
      const at = this.iso();
      this.db
        .prepare(
          `UPDATE print_jobs SET state = 'done', printed_at = ?, updated_at = ?, last_error_code = NULL, last_error = NULL, next_attempt_at = NULL WHERE id = ?`,
        )
        .run(at, at, row.id);
    } catch (e) {
      const err = e instanceof CodedError ? e : new CodedError('PRINTER_ERROR', `打印失败：${(e as Error).message}`);
      const attempts = row.attempts + 1;
      const delay = Math.min(this.opts.maxBackoffMs, this.opts.retryDelayMs * 2 ** (attempts - 1));
      this.db
        .prepare(`UPDATE print_jobs SET state = 'failed', last_error_code = ?, last_error = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?`)
        .run(err.code, err.message, this.opts.now() + delay, this.iso(), row.id);
    }
    const job = this.get(row.id)!;
    this.emit('job', job);
    return job;
  }

  /** Process until nothing is eligible right now. */
  async drain(): Promise<void> {
    while (await this.processNext()) {
      /* keep going */
    }
  }

  /** The timer's and kick's drain: once stopped, one scheduled just before (or its next job) must
   * not touch the database its owner is about to close. */
  private async background(): Promise<void> {
    while (!this.stopped && (await this.processNext())) {
      /* keep going */
    }
  }

  private kick(): void {
    if (this.timer) setImmediate(() => void this.background());
  }

  /** Keep printing in the background; failed jobs are retried when their backoff ends. */
  start(intervalMs = 1000): void {
    if (this.timer) return;
    this.stopped = false;
    this.timer = setInterval(() => void this.background(), intervalMs);
    void this.background();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.busy;
  }

  /** Stop printing; the database stays open (it is the caller's). */
  async close(): Promise<void> {
    await this.stop();
  }
}
