// Domain codes (case status, case type, event kind, receipt template, device state) shown in the
// screen's language: the `counter:domain.*` keys, keyed by the code; the core's Chinese label is
// the fallback for a code the table lacks. Data (item and material names) stays as catalogued.
import i18n from './index';

type Group = 'status' | 'caseType' | 'event' | 'template' | 'form';

export function domainLabel(group: Group, code: string | null | undefined, fallback?: string | null): string {
  if (!code) return fallback ?? '—';
  return i18n.t(`counter:domain.${group}.${code}`, { defaultValue: fallback ?? code });
}

/** A device's status line: the core's Chinese message in Chinese; otherwise by its code, else by its state. */
export function deviceMessage(d: { state: string; message: string; code?: string }): string {
  if (i18n.language.startsWith('zh')) return d.message;
  if (d.code && i18n.exists(`errors:${d.code}`)) return i18n.t(`errors:${d.code}`);
  return i18n.t(`counter:domain.deviceState.${d.state}`, { defaultValue: d.message });
}
