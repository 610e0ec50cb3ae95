// ESC/POS byte stream → receipts (text lines decoded as GB18030, QR payloads), for the printer sink
// and tests. Understands the commands node-thermal-printer emits plus DLE EOT status requests.
import { fromGb18030 } from './text';

export interface DecodedReceipt {
  lines: string[];
  qr: string[];
  bytes: number;
  cut: boolean;
}

export type DecodeEvent = { kind: 'receipt'; receipt: DecodedReceipt } | { kind: 'status-request'; n: number };

/** Fixed argument counts of ESC x / GS x / FS x commands (bytes after the command letter). */
const ESC_ARGS: Record<number, number> = {
  0x40: 0,
  0x21: 1,
  0x45: 1,
  0x2d: 1,
  0x61: 1,
  0x4d: 1,
  0x52: 1,
  0x74: 1,
  0x64: 1,
  0x4a: 1,
  0x32: 0,
  0x33: 1,
  0x47: 1,
  0x56: 1,
  0x7b: 1,
  0x70: 3,
  0x42: 2,
  0x20: 1,
  0x24: 2,
  0x25: 1,
  0x63: 2,
  0x69: 0,
  0x6d: 0,
};
const GS_ARGS: Record<number, number> = { 0x21: 1, 0x42: 1, 0x48: 1, 0x68: 1, 0x77: 1, 0x66: 1, 0x4c: 2, 0x57: 2, 0x61: 1, 0x72: 1, 0x62: 1 };
const FS_ARGS: Record<number, number> = { 0x26: 0, 0x2e: 0, 0x21: 1, 0x43: 1, 0x57: 1, 0x2d: 1, 0x53: 2 };

export class EscPosDecoder {
  private buf: Buffer = Buffer.alloc(0);
  private text: number[] = [];
  private lines: string[] = [];
  private qr: string[] = [];
  private bytes = 0;
  private qrStore: string | null = null;

  push(chunk: Uint8Array): DecodeEvent[] {
    this.buf = Buffer.concat([this.buf, chunk]);
    this.bytes += chunk.length;
    const out: DecodeEvent[] = [];
    let i = 0;
    const b = this.buf;
    const need = (n: number) => i + n <= b.length;
    while (i < b.length) {
      const c = b[i]!;
      if (c === 0x0a) {
        this.flushLine(true);
        i++;
      } else if (c === 0x0d || c === 0x00) {
        i++;
      } else if (c === 0x09) {
        this.text.push(0x20);
        i++;
      } else if (c === 0x0c) {
        this.flushLine();
        i++;
      } else if (c === 0x10) {
        // DLE EOT n (real-time status) / DLE ENQ n / DLE DC4 …
        if (!need(3)) break;
        if (b[i + 1] === 0x04) out.push({ kind: 'status-request', n: b[i + 2]! });
        i += b[i + 1] === 0x14 ? 5 : 3;
        if (i > b.length) {
          i -= b[i - 5 + 1] === 0x14 ? 5 : 3;
          break;
        }
      } else if (c === 0x1b) {
        if (!need(2)) break;
        const cmd = b[i + 1]!;
        if (cmd === 0x2a) {
          // ESC * m nL nH d… (bit image)
          if (!need(5)) break;
          const n = b[i + 3]! + b[i + 4]! * 256;
          const m = b[i + 2]!;
          const len = n * (m >= 32 ? 3 : 1);
          if (!need(5 + len)) break;
          i += 5 + len;
          continue;
        }
        const args = ESC_ARGS[cmd] ?? 1;
        if (!need(2 + args)) break;
        if (cmd === 0x64) for (let k = 0; k < b[i + 2]!; k++) this.flushLine(true);
        i += 2 + args;
      } else if (c === 0x1d) {
        if (!need(2)) break;
        const cmd = b[i + 1]!;
        if (cmd === 0x28) {
          // GS ( k pL pH cn fn [m] d…
          if (!need(5)) break;
          const len = b[i + 3]! + b[i + 4]! * 256;
          if (!need(5 + len)) break;
          const body = b.subarray(i + 5, i + 5 + len);
          if (b[i + 2] === 0x6b && body[0] === 0x31 && body[1] === 0x50) this.qrStore = body.subarray(3).toString('latin1');
          if (b[i + 2] === 0x6b && body[0] === 0x31 && body[1] === 0x51 && this.qrStore !== null) {
            this.flushLine();
            this.qr.push(this.qrStore);
            this.lines.push(`[QR:${this.qrStore}]`);
          }
          i += 5 + len;
        } else if (cmd === 0x56) {
          // GS V m [n]
          if (!need(3)) break;
          const m = b[i + 2]!;
          const len = m === 0x41 || m === 0x42 || m === 65 || m === 66 ? 4 : 3;
          if (!need(len)) break;
          i += len;
          const r = this.finish(true);
          if (r) out.push({ kind: 'receipt', receipt: r });
        } else if (cmd === 0x6b) {
          // GS k m … (barcode)
          if (!need(3)) break;
          const m = b[i + 2]!;
          if (m <= 6) {
            const end = b.indexOf(0, i + 3);
            if (end < 0) break;
            i = end + 1;
          } else {
            if (!need(4)) break;
            const n = b[i + 3]!;
            if (!need(4 + n)) break;
            i += 4 + n;
          }
        } else if (cmd === 0x76) {
          // GS v 0 m xL xH yL yH d…
          if (!need(8)) break;
          const len = (b[i + 4]! + b[i + 5]! * 256) * (b[i + 6]! + b[i + 7]! * 256);
          if (!need(8 + len)) break;
          i += 8 + len;
        } else {
          const args = GS_ARGS[cmd] ?? 1;
          if (!need(2 + args)) break;
          i += 2 + args;
        }
      } else if (c === 0x1c) {
        if (!need(2)) break;
        const args = FS_ARGS[b[i + 1]!] ?? 0;
        if (!need(2 + args)) break;
        i += 2 + args;
      } else {
        this.text.push(c);
        i++;
      }
    }
    this.buf = this.buf.subarray(i);
    return out;
  }

  private flushLine(force = false): void {
    if (!this.text.length && !force) return;
    this.lines.push(fromGb18030(Buffer.from(this.text)).replace(/\s+$/u, ''));
    this.text = [];
  }

  /** Close the current receipt (on cut, or when the connection ends with content pending). */
  finish(cut = false): DecodedReceipt | null {
    if (this.text.length) this.flushLine();
    while (this.lines.length && this.lines[this.lines.length - 1] === '') this.lines.pop();
    if (!this.lines.length && !this.qr.length) {
      this.bytes = 0;
      return null;
    }
    const r: DecodedReceipt = { lines: this.lines, qr: this.qr, bytes: this.bytes - this.buf.length, cut };
    this.lines = [];
    this.qr = [];
    this.bytes = this.buf.length;
    this.qrStore = null;
    return r;
  }
}

export function decodeEscPos(bytes: Uint8Array): DecodedReceipt[] {
  const d = new EscPosDecoder();
  const out = d.push(bytes).flatMap((e) => (e.kind === 'receipt' ? [e.receipt] : []));
  const tail = d.finish(false);
  if (tail) out.push(tail);
  return out;
}
