// Laid-out lines → an HTML preview the UI can show (monospace, same line breaks as the paper).
import type { LaidLine } from './layout';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function toHtml(laid: LaidLine[], cols: number, title: string): string {
  const body = laid
    .map((l) => {
      if (l.kind === 'feed') return '<div class="r-line">&nbsp;</div>'.repeat(l.lines);
      if (l.kind === 'qr') return `<div class="r-qr" data-qr="${esc(l.data)}"><div class="r-qr-box">QR</div><div class="r-qr-data">${esc(l.data)}</div></div>`;
      const cls = ['r-line', `r-${l.align}`, l.bold ? 'r-bold' : '', l.size !== 'normal' ? `r-${l.size}` : ''].filter(Boolean).join(' ');
      return `<div class="${cls}">${esc(l.text) || '&nbsp;'}</div>`;
    })
    .join('\n');
  // One column = 0.5em at a CJK monospace font; Han characters take two columns.
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title)}</title>
<style>
.receipt{width:${cols / 2}em;padding:1em;background:#fff;color:#000;font:14px/1.5 "Noto Sans Mono CJK SC","SimSun",monospace;white-space:pre;border:1px dashed #999}
.r-center{text-align:center}.r-right{text-align:right}.r-bold{font-weight:bold}
.r-double{transform:scaleX(2);transform-origin:center}.r-large{font-size:200%}
.r-qr{text-align:center;margin:.5em 0}.r-qr-box{display:inline-block;width:6em;height:6em;line-height:6em;border:2px solid #000}
.r-qr-data{font-size:10px;white-space:normal;word-break:break-all}
</style></head>
<body><div class="receipt" data-cols="${cols}">
${body}
</div></body></html>
`;
}
