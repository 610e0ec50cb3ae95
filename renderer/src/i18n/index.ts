// zh-CN first, English second. Each role keeps its strings in its own namespace file.
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import zh from './locales/zh-CN';
import en from './locales/en';

export const LANG_KEY = 'hall-counter:lang';

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': zh, en },
  lng: localStorage.getItem(LANG_KEY) ?? 'zh-CN',
  fallbackLng: 'zh-CN',
  interpolation: { escapeValue: false },
  defaultNS: 'common',
  ns: ['common', 'counter', 'pad', 'kiosk', 'display', 'manager', 'errors', 'city', 'track', 'practices'],
});

export function setLanguage(lng: 'zh-CN' | 'en'): void {
  localStorage.setItem(LANG_KEY, lng);
  void i18n.changeLanguage(lng);
}

export default i18n;
