// Laid-out lines → ESC/POS bytes, built with node-thermal-printer. Text goes in as GB18030 bytes we
// encode ourselves (its CharacterSet.CHINA path is cp936 and turns 𠮷 into '?').
import ntp from 'node-thermal-printer';
import type { LaidLine } from './layout';
import { gb18030 } from './text';

const { printer: ThermalPrinter, types: PrinterTypes } = ntp;

/** FS & — Chinese (double-byte) character mode on GB18030 printers. */
const FS_CHINESE_ON = Buffer.from([0x1c, 0x26]);
const LF = Buffer.from([0x0a]);

export function newThermalPrinter(cols: number, iface?: unknown): InstanceType<typeof ThermalPrinter> {
  return new ThermalPrinter({
    type: PrinterTypes.EPSON,
    // The typings say string; the library accepts a custom interface object too (see printer.ts).
    interface: iface as string,
    width: cols,
  });
}

export function toEscPos(laid: LaidLine[], cols: number): Buffer {
  const p = newThermalPrinter(cols);
  p.add(Buffer.from([0x1b, 0x40])); // ESC @ initialise
  p.add(FS_CHINESE_ON);
  let align = 'left';
  for (const l of laid) {
    if (l.kind === 'feed') {
      for (let i = 0; i < l.lines; i++) p.add(LF);
      continue;
    }
    if (l.kind === 'qr') {
      if (align !== 'center') p.alignCenter();
      align = 'center';
      p.printQR(l.data, { cellSize: cols >= 48 ? 6 : 5, correction: 'M', model: 2 });
      continue;
    }
    if (l.align !== align) {
      if (l.align === 'center') p.alignCenter();
      else if (l.align === 'right') p.alignRight();
      else p.alignLeft();
      align = l.align;
    }
    if (l.bold) p.bold(true);
    if (l.size === 'double') p.setTextDoubleWidth();
    if (l.size === 'large') p.setTextQuadArea();
    p.add(Buffer.concat([gb18030(l.text), LF]));
    if (l.size !== 'normal') p.setTextNormal();
    if (l.bold) p.bold(false);
  }
  p.alignLeft();
  p.cut();
  return Buffer.from(p.getBuffer());
}
