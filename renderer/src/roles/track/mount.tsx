// Entry of the phone pages, loaded by main.tsx instead of the staff app when the hash is
// #/track/<token> or #/c/<token>: React and these few files only (no antd, no echarts, no zod,
// no i18next), so a phone on a slow connection downloads a small bundle.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CasePage } from './CasePage';
import { TrackPage } from './TrackPage';
import { TOKEN_RE } from './trackApi';
import { t } from './text';
import './track.css';

export function mountPhone(el: HTMLElement): void {
  const [path = '', query = ''] = location.hash.replace(/^#\/?/, '').split('?');
  const [kind, token = ''] = path.split('/');
  const ok = TOKEN_RE.test(token);
  const bad = (
    <main className="track">
      <p className="track-error" data-testid="track-gone">
        {t('badLink')}
      </p>
    </main>
  );
  const page =
    kind === 'track' ? ok ? <TrackPage token={token} /> : bad : token && !ok ? bad : <CasePage token={token} rate={new URLSearchParams(query).has('rate')} />;
  document.documentElement.lang = 'zh-CN';
  createRoot(el).render(<StrictMode>{page}</StrictMode>);
}
