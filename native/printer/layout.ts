// Doc → physical lines for a paper width: folding and padding by display width.
import type { Align, Doc } from './doc';
import { displayWidth, padEndWidth, wrapWidth } from './text';

export type LaidLine =
  | { kind: 'text'; text: string; align: Align; bold: boolean; size: 'normal' | 'double' | 'large' }
  | { kind: 'qr'; data: string }
  | { kind: 'feed'; lines: number };

export function layoutDoc(doc: Doc, cols: number): LaidLine[] {
  const out: LaidLine[] = [];
  const text = (t: string, align: Align = 'left', bold = false, size: 'normal' | 'double' | 'large' = 'normal') =>
    out.push({ kind: 'text', text: t, align, bold, size });
  for (const line of doc.lines) {
    switch (line.kind) {
      case 'text': {
        const size = line.size ?? 'normal';
        const width = size === 'normal' ? cols : Math.floor(cols / 2);
        for (const l of wrapWidth(line.text, width, ' '.repeat(line.hang ?? 0))) text(l, line.align ?? 'left', line.bold ?? false, size);
        break;
      }
      case 'pair': {
        const lw = displayWidth(line.left);
        const rw = displayWidth(line.right);
        if (lw + 1 + rw <= cols) text(padEndWidth(line.left, cols - rw) + line.right, 'left', line.bold ?? false);
        else {
          for (const l of wrapWidth(line.left, cols)) text(l, 'left', line.bold ?? false);
          for (const l of wrapWidth(line.right, cols)) text(l, 'right', line.bold ?? false);
        }
        break;
      }
      case 'field': {
        const label = `${line.label}：`;
        const lw = displayWidth(label);
        // Hanging indent when the label leaves enough room; otherwise value on its own lines.
        if (cols - lw >= 12) {
          const body = wrapWidth(line.value, cols - lw);
          body.forEach((b, i) => text((i === 0 ? label : ' '.repeat(lw)) + b));
        } else {
          text(label);
          for (const l of wrapWidth(line.value, cols - 2)) text(`  ${l}`);
        }
        break;
      }
      case 'rule':
        text((line.char ?? '-').repeat(cols));
        break;
      case 'qr':
        out.push({ kind: 'qr', data: line.data });
        if (line.caption) for (const l of wrapWidth(line.caption, cols)) text(l, 'center');
        break;
      case 'feed':
        out.push({ kind: 'feed', lines: line.lines ?? 1 });
        break;
      case 'signature': {
        const label = `${line.label}：`;
        text(label + '_'.repeat(Math.max(4, cols - displayWidth(label) - 12)) + '  日期：____');
        break;
      }
    }
  }
  return out;
}

/** The text a person reads off the paper, line by line (QR codes as [QR:…]). */
export function plainLines(laid: LaidLine[]): string[] {
  const out: string[] = [];
  for (const l of laid) {
    if (l.kind === 'text') out.push(l.text);
    else if (l.kind === 'qr') out.push(`[QR:${l.data}]`);
    else for (let i = 0; i < l.lines; i++) out.push('');
  }
  return out;
}
