// An error as the user reads it: the `errors` namespace keyed by its code (hall API or counter
// core), in the screen's language, never a raw code; the sender's own (Chinese) message when the
// code has no entry. The number the message carries (seconds, a window number) fills {{n}}.
import i18n from './index';

export interface CodedLike {
  code?: string;
  message?: string;
  details?: unknown;
}

export function errorText(e: unknown): string {
  const err = (e ?? {}) as CodedLike;
  const message = err.message ?? String(e);
  if (!err.code) return message;
  const num = /(\d+)/.exec(message)?.[1];
  const obj = (v: unknown) => (typeof v === 'object' && v && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
  const vars = {
    // A hall refusal relayed by the counter core carries the hall's whole body: its details one level down.
    ...obj(obj(err.details).details),
    ...obj(err.details),
    n: num,
    ...(num ? { count: Number(num) } : {}),
  };
  const key = `errors:${err.code}`;
  if (!i18n.exists(key)) return message;
  return i18n.t(key, { ...vars, defaultValue: message });
}
