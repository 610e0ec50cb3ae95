// A small layout model between the templates and the two outputs (ESC/POS bytes and HTML).
export type Align = 'left' | 'center' | 'right';

export type DocLine =
  | { kind: 'text'; text: string; align?: Align; bold?: boolean; size?: 'normal' | 'double' | 'large'; /** continuation indent, columns */ hang?: number }
  | { kind: 'pair'; left: string; right: string; bold?: boolean }
  /** label: value, value folded under itself */
  | { kind: 'field'; label: string; value: string }
  | { kind: 'rule'; char?: string }
  | { kind: 'qr'; data: string; caption?: string }
  | { kind: 'feed'; lines?: number }
  | { kind: 'signature'; label: string };

export interface Doc {
  lines: DocLine[];
}

export const PAPER_COLUMNS: Record<58 | 80, number> = { 58: 32, 80: 48 };

export function columnsFor(widthMm: number): number {
  return widthMm <= 58 ? PAPER_COLUMNS[58] : PAPER_COLUMNS[80];
}
