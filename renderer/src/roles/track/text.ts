// The phone pages' strings: the track namespace of the i18n locales, read directly (zh-CN
// unless the phone or the hall's language switch says English), with {{x}} interpolation.
import zh from '../../i18n/locales/zh-CN/track';
import en from '../../i18n/locales/en/track';

type Dict = typeof zh;
const lang = (() => {
  try {
    const chosen = localStorage.getItem('hall-counter:lang');
    if (chosen) return chosen;
  } catch {
    /* storage blocked (private mode): fall through */
  }
  return 'zh-CN';
})();
const dict: Dict = lang === 'en' ? en : zh;

export function t(key: Exclude<keyof Dict, 'levels'>, vars: Record<string, string | number> = {}): string {
  return dict[key].replace(/\{\{(\w+)\}\}/g, (_, k: string) => String(vars[k] ?? ''));
}

export const levelLabel = (level: keyof Dict['levels']): string => dict.levels[level];
