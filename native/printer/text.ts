// Display width and GB18030 encoding for receipts. Han characters take two columns on a thermal
// printer; node-thermal-printer counts .length, so layout is done here by display width.
import iconv from 'iconv-lite';

/** East Asian wide / fullwidth code points (enough for receipts: CJK, fullwidth forms, ext. B+). */
export function charWidth(cp: number): 1 | 2 {
  if (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  )
    return 2;
  return 1;
}

export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch.codePointAt(0)!);
  return w;
}

/** Cut to at most `cols` columns without splitting a character. */
export function sliceWidth(s: string, cols: number): string {
  let w = 0;
  let out = '';
  for (const ch of s) {
    const cw = charWidth(ch.codePointAt(0)!);
    if (w + cw > cols) break;
    out += ch;
    w += cw;
  }
  return out;
}

export function padEndWidth(s: string, cols: number): string {
  return s + ' '.repeat(Math.max(0, cols - displayWidth(s)));
}

export function padStartWidth(s: string, cols: number): string {
  return ' '.repeat(Math.max(0, cols - displayWidth(s))) + s;
}

export function centerWidth(s: string, cols: number): string {
  const pad = Math.max(0, cols - displayWidth(s));
  return ' '.repeat(Math.floor(pad / 2)) + s;
}

const CLOSING = '，。；：、）》」』】？！,.;:)]%';

/**
 * Fold text into lines of at most `cols` columns. Breaks at any character (Chinese has no spaces)
 * but keeps ASCII words whole when they fit on a line.
 */
export function wrapWidth(text: string, cols: number, indent = ''): string[] {
  const lines: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    let w = 0;
    const tokens = para.match(/[\x21-\x7e]+|\s|./gsu) ?? [];
    for (const tok of tokens) {
      const tw = displayWidth(tok);
      if (w + tw <= cols) {
        line += tok;
        w += tw;
        continue;
      }
      if (tok.trim() === '') {
        lines.push(line);
        line = indent;
        w = displayWidth(indent);
        continue;
      }
      // 避头: a closing punctuation mark never starts a line; take the previous character along.
      if (CLOSING.includes(tok) && line.length > displayWidth(indent)) {
        const chars = Array.from(line);
        const last = chars.pop()!;
        lines.push(chars.join(''));
        line = indent + last + tok;
        w = displayWidth(line);
        continue;
      }
      // a token that does not fit: start a new line, splitting it only if it is longer than a line
      let rest = tok;
      if (w > displayWidth(indent)) {
        lines.push(line);
        line = indent;
        w = displayWidth(indent);
      }
      while (displayWidth(rest) > cols - w) {
        const part = sliceWidth(rest, cols - w);
        if (!part) break;
        lines.push(line + part);
        rest = rest.slice(part.length);
        line = indent;
        w = displayWidth(indent);
      }
      line += rest;
      w += displayWidth(rest);
    }
    lines.push(line);
  }
  return lines.map((l) => l.replace(/\s+$/u, ''));
}

/** GB18030 bytes (four-byte sequences for characters like 𠮷; never '?'). */
export function gb18030(s: string): Buffer {
  return iconv.encode(s, 'gb18030');
}

export function fromGb18030(b: Uint8Array): string {
  return iconv.decode(Buffer.from(b), 'gb18030');
}
