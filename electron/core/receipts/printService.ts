// Printing at the counter: every receipt goes through native/printer's SQLite print queue (a
// job is written before anything is sent and retried until it prints), and is linked to its
// case so any of them can be reprinted. Without a configured printer the jobs still queue (and
// fail visibly) so nothing is lost when a printer is plugged in later.
import type { Db } from '../db';
import { sealerOf } from '../privacy/atRest';
import { CodedError } from '../../../domain/api/errors';
import { RECEIPT_TEMPLATE_LABELS, type ReceiptInput, type ReceiptTemplate } from '../../../domain/receipts/schemas';
import type { ReceiptRecord } from '../../../domain/contract/core';
import { createReceiptPrinter, type PrinterStatus, type ReceiptPrinter } from '../../../native/printer/printer';
import { PrintQueue, type PrintJob } from '../../../native/printer/queue';
import { renderReceipt } from '../../../native/printer/render';
import { columnsFor, type Doc } from '../../../native/printer/doc';
import { layoutDoc, plainLines } from '../../../native/printer/layout';
import { toEscPos } from '../../../native/printer/escpos';
import { toHtml } from '../../../native/printer/html';

export type CaseTemplate = 'acceptance' | 'missing-materials' | 'conditional-acceptance' | 'refusal' | 'package-acceptance';
export const CASE_TEMPLATE_LABELS: Record<CaseTemplate, string> = {
  acceptance: RECEIPT_TEMPLATE_LABELS.acceptance,
  'missing-materials': RECEIPT_TEMPLATE_LABELS['missing-materials'],
  'conditional-acceptance': RECEIPT_TEMPLATE_LABELS['conditional-acceptance'],
  refusal: '不予受理通知书',
  'package-acceptance': '一件事受理回执',
};

class UnconfiguredPrinter implements ReceiptPrinter {
  readonly interfaceName = 'none';
  readonly widthMm = 80;
  readonly cols = 48;
  private fail(): never {
    throw new CodedError('PRINTER_NOT_CONFIGURED', '本窗口未配置打印机，票据已保存，配置打印机后可重新打印', 503);
  }
  async print(): Promise<void> {
    this.fail();
  }
  async printBytes(): Promise<void> {
    this.fail();
  }
  async status(): Promise<PrinterStatus> {
    return { online: false, paper: 'unknown', code: 'PRINTER_NOT_CONFIGURED', message: '未配置打印机' };
  }
  async close(): Promise<void> {}
}

export function toRecord(j: PrintJob, template?: string): ReceiptRecord {
  const t = template ?? j.template;
  return {
    jobId: j.id,
    template: t,
    label: CASE_TEMPLATE_LABELS[t as CaseTemplate] ?? j.title,
    state: j.state,
    at: j.createdAt,
    attempts: j.attempts,
    error: j.lastError,
  };
}

export class PrintService {
  readonly queue: PrintQueue;
  private readonly printer: ReceiptPrinter;
  readonly configured: boolean;

  constructor(
    private readonly db: Db,
    opts: { printer?: string; widthMm: number },
    private readonly onJob: (r: ReceiptRecord) => void,
    onStatus: (s: PrinterStatus) => void,
  ) {
    this.configured = Boolean(opts.printer);
    this.printer = opts.printer ? createReceiptPrinter({ interface: opts.printer, widthMm: opts.widthMm }) : new UnconfiguredPrinter();
    this.queue = new PrintQueue(db, { printer: this.printer, retryDelayMs: 2000, maxBackoffMs: 30_000, sealer: sealerOf(db) });
    this.queue.on('job', (j) => this.onJob(toRecord(j, this.templateOf(j.id))));
    this.queue.on('status', onStatus);
  }

  start(): void {
    this.queue.start(500);
  }

  private templateOf(jobId: string): string | undefined {
    return (this.db.prepare('SELECT template FROM case_receipts WHERE job_id = ?').get(jobId) as { template: string } | undefined)?.template;
  }

  /** Queue a shared-template receipt for a case (inside the caller's transaction is fine: the send happens later). */
  printForCase<T extends ReceiptTemplate>(caseId: string, template: T & CaseTemplate, data: ReceiptInput<T>): ReceiptRecord {
    const job = this.queue.enqueue(template, data);
    this.link(job.id, caseId, template);
    return toRecord(job, template);
  }

  /** Queue a receipt laid out here (不予受理通知书): same table, same retry, same reprint. */
  printDocForCase(caseId: string, template: CaseTemplate, doc: Doc, data: unknown): ReceiptRecord {
    const r = this.printDoc(template, CASE_TEMPLATE_LABELS[template], doc, data);
    this.link(r.jobId, caseId, template);
    return r;
  }

  /** Queue a slip laid out here that belongs to no case (办不成事 反映回执): same queue, same retry. */
  printDoc(template: string, label: string, doc: Doc, data: unknown): ReceiptRecord {
    const cols = columnsFor(this.printer.widthMm);
    return { ...toRecord(this.queue.enqueueBytes(template, toEscPos(layoutDoc(doc, cols), cols), data), template), label };
  }

  printPlain<T extends ReceiptTemplate>(template: T, data: ReceiptInput<T>): ReceiptRecord {
    return toRecord(this.queue.enqueue(template, data));
  }

  /** The job once it printed or failed (its first attempt), or as it stands after `ms`. */
  settled(jobId: string, ms: number): Promise<PrintJob> {
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.queue.off('job', on);
        resolve(this.queue.get(jobId)!);
      };
      const on = (j: PrintJob) => {
        if (j.id === jobId && (j.state === 'done' || j.state === 'failed')) finish();
      };
      const timer = setTimeout(finish, ms);
      this.queue.on('job', on);
      const now = this.queue.get(jobId);
      if (now && (now.state === 'done' || now.state === 'failed')) finish();
    });
  }

  private link(jobId: string, caseId: string, template: string): void {
    this.db.prepare('INSERT INTO case_receipts (job_id, case_id, template, at) VALUES (?, ?, ?, ?)').run(jobId, caseId, template, new Date().toISOString());
  }

  forCase(caseId: string): ReceiptRecord[] {
    const rows = this.db.prepare('SELECT job_id, template FROM case_receipts WHERE case_id = ? ORDER BY at, job_id').all(caseId) as {
      job_id: string;
      template: string;
    }[];
    return rows
      .map((r) => this.queue.get(r.job_id))
      .filter((j): j is PrintJob => j !== null)
      .map((j) => toRecord(j, this.templateOf(j.id)));
  }

  /** Prints the case's last receipt of this kind again, marked 补打 (`doc`: a document laid out here, already marked). */
  reprint(caseId: string, template: CaseTemplate, doc?: Doc): ReceiptRecord {
    const last = this.db
      .prepare('SELECT job_id FROM case_receipts WHERE case_id = ? AND template = ? ORDER BY at DESC, job_id DESC LIMIT 1')
      .get(caseId, template) as { job_id: string } | undefined;
    if (!last) throw new CodedError('RECEIPT_NOT_PRINTED', `该办件没有打印过${CASE_TEMPLATE_LABELS[template]}`, 404);
    const cols = columnsFor(this.printer.widthMm);
    const job = this.queue.reprint(last.job_id, doc ? { bytes: toEscPos(layoutDoc(doc, cols), cols) } : {});
    this.link(job.id, caseId, template);
    return toRecord(job, template);
  }

  /** Preview of what a receipt says (HTML + plain lines), from the stored job data. */
  preview(caseId: string, template: CaseTemplate, refusal?: Doc): { html: string; lines: string[] } {
    const cols = columnsFor(this.printer.widthMm);
    if (template === 'refusal' || template === 'package-acceptance') {
      if (!refusal) throw new CodedError('RECEIPT_NOT_PRINTED', `该办件没有${CASE_TEMPLATE_LABELS[template]}`, 404);
      const laid = layoutDoc(refusal, cols);
      return { html: toHtml(laid, cols, CASE_TEMPLATE_LABELS[template]), lines: plainLines(laid) };
    }
    const last = this.db.prepare('SELECT job_id FROM case_receipts WHERE case_id = ? AND template = ? ORDER BY at DESC LIMIT 1').get(caseId, template) as
      { job_id: string } | undefined;
    if (!last) throw new CodedError('RECEIPT_NOT_PRINTED', `该办件没有打印过${CASE_TEMPLATE_LABELS[template]}`, 404);
    const r = renderReceipt(template, this.queue.dataOf(last.job_id) as ReceiptInput<typeof template>, { widthMm: this.printer.widthMm });
    return { html: r.html, lines: r.lines };
  }

  async status(): Promise<PrinterStatus> {
    return (
      this.queue.printerStatus ??
      (await this.queue.refreshStatus().catch(() => ({ online: false, paper: 'unknown' as const, code: 'PRINTER_OFFLINE', message: '打印机离线' })))
    );
  }

  async close(): Promise<void> {
    await this.queue.stop();
    await this.printer.close().catch(() => undefined);
  }
}
