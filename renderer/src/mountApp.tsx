// Entry of the staff and device roles (antd, i18next, zod's Chinese messages). main.tsx loads it
// for every hash but the phone pages'.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../../domain/zodLocale';
import './i18n';
import { App } from './App';
import './styles.css';

export function mountApp(el: HTMLElement): void {
  createRoot(el).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
