// renderReceipt(template, data) → ESC/POS bytes + HTML preview + the plain lines (for tests).
import { z } from 'zod';
import { CodedError } from '../../domain/api/errors';
import { RECEIPT_TEMPLATE_LABELS, receiptSchemas, receiptTemplates, type ReceiptInput, type ReceiptTemplate } from '../../domain/receipts/schemas';
import { columnsFor } from './doc';
import { toEscPos } from './escpos';
import { toHtml } from './html';
import { layoutDoc, plainLines } from './layout';
import { buildDoc, withReprintMark } from './templates';

export interface RenderOptions {
  /** 58 or 80 (default 80). */
  widthMm?: number;
  /** A reprint (补打): marked on top. */
  reprint?: boolean;
}

export interface RenderedReceipt {
  template: ReceiptTemplate;
  cols: number;
  bytes: Buffer;
  html: string;
  /** What the paper says, line by line; QR codes as [QR:payload]. */
  lines: string[];
}

export function isReceiptTemplate(t: string): t is ReceiptTemplate {
  return (receiptTemplates as string[]).includes(t);
}

export function validateReceiptData<T extends ReceiptTemplate>(template: T, data: unknown) {
  const schema = receiptSchemas[template] as z.ZodType;
  const r = schema.safeParse(data);
  if (!r.success) {
    const issues = r.error.issues.map((i) => `${i.path.join('.') || '(根)'}：${i.message}`);
    throw new CodedError('RECEIPT_DATA_INVALID', `${RECEIPT_TEMPLATE_LABELS[template]}数据不完整或格式错误：${issues.slice(0, 5).join('；')}`, 400, { issues });
  }
  return r.data as z.output<(typeof receiptSchemas)[T]>;
}

export function renderReceipt<T extends ReceiptTemplate>(template: T, data: ReceiptInput<T>, opts: RenderOptions = {}): RenderedReceipt {
  if (!isReceiptTemplate(template)) {
    throw new CodedError('RECEIPT_TEMPLATE_UNKNOWN', `没有名为 ${String(template)} 的票据模板（可用：${receiptTemplates.join('、')}）`);
  }
  const valid = validateReceiptData(template, data);
  const cols = columnsFor(opts.widthMm ?? 80);
  const doc = buildDoc(template, valid);
  const laid = layoutDoc(opts.reprint ? withReprintMark(doc) : doc, cols);
  return {
    template,
    cols,
    bytes: toEscPos(laid, cols),
    html: toHtml(laid, cols, RECEIPT_TEMPLATE_LABELS[template]),
    lines: plainLines(laid),
  };
}
