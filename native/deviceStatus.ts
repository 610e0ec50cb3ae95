// Map each driver's own status to the core contract's DeviceStatus (domain/contract/core.ts).
import type { DeviceStatus } from '../domain/contract/core';
import type { ReaderStatus } from './idcard/reader';
import type { PrinterStatus } from './printer/printer';
import type { EvaluatorStatus } from './evaluator/contract';
import type { LinkStatus } from './serial/smallLink';

export function idReaderDeviceStatus(s: ReaderStatus): DeviceStatus {
  const state = s.state === 'connected' ? 'ok' : s.state === 'closed' ? 'absent' : 'offline';
  return { kind: 'idReader', state, code: s.code, message: s.message };
}

export function printerDeviceStatus(s: PrinterStatus): DeviceStatus {
  const state = s.online ? 'ok' : s.code === 'PRINTER_OFFLINE' ? 'offline' : 'error';
  return { kind: 'printer', state, code: s.code, message: s.message };
}

export function evaluatorDeviceStatus(s: EvaluatorStatus): DeviceStatus {
  return { kind: 'evaluator', state: s.state, code: s.code, message: s.message };
}

export function ledDeviceStatus(s: LinkStatus): DeviceStatus {
  const state = s.state === 'connected' ? 'ok' : s.state === 'closed' ? 'absent' : 'offline';
  return { kind: 'led', state, code: s.code, message: s.message };
}
