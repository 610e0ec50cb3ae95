// Exit codes a technician (or a script) can act on.
import { CodedError } from '../../domain/api/errors';

export const Exit = {
  ok: 0,
  failure: 1,
  usage: 2,
  /** port/device missing, cannot open, offline */
  notFound: 3,
  /** device did not answer in time */
  timeout: 4,
  /** device answered with an error (SAM status, paper out, rejected) */
  deviceError: 5,
  /** the data file is invalid */
  badData: 6,
} as const;

export function exitCodeFor(e: unknown): number {
  const code = e instanceof CodedError ? e.code : '';
  if (/USAGE/.test(code)) return Exit.usage;
  if (/PORT_NOT_FOUND|PORT_PERMISSION|PORT_BUSY|PORT_OPEN_FAILED|NOT_CONNECTED|OFFLINE|DISCONNECTED|NOT_FOUND|PTY_/.test(code)) return Exit.notFound;
  if (/TIMEOUT|NO_ACK|NO_CARD/.test(code)) return Exit.timeout;
  if (/^SAM_|PAPER|REJECTED|FRAME|NOT_READY/.test(code)) return Exit.deviceError;
  if (/DATA_INVALID|TEMPLATE_UNKNOWN|JSON/.test(code)) return Exit.badData;
  return Exit.failure;
}
