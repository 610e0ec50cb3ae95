// #/track/<token>: the citizen's ticket on a phone. Large type, Chinese first: number, category,
// people ahead, estimated wait; 「请到 N 号窗口」 (and a vibration) when called; after service the
// case accepted during the visit and the rating. Live over WebSocket, long-poll as fallback.
import { useEffect, useRef, useState } from 'react';
import type { TrackView } from '../../../../domain/api/track';
import { CaseBlock } from './CaseBlock';
import { RatingForm } from './RatingForm';
import { follow, getView, rateTicket } from './trackApi';
import { t } from './text';

export function TrackPage({ token }: { token: string }) {
  const [view, setView] = useState<TrackView | null>(null);
  const [online, setOnline] = useState(true);
  const [gone, setGone] = useState(false);
  const lastState = useRef<string | null>(null);

  useEffect(() => {
    const live = follow(token, setView, setOnline, () => setGone(true));
    return () => live.close();
  }, [token]);

  useEffect(() => {
    if (!view) return;
    if (view.state === 'called' && lastState.current !== 'called' && lastState.current !== null) navigator.vibrate?.([400, 200, 400, 200, 400]);
    lastState.current = view.state;
    document.title = view.state === 'called' ? t('calledTitle', { no: view.windowNo ?? '' }) : `${view.number} · ${t('title')}`;
  }, [view]);

  if (gone)
    return (
      <main className="track">
        <p className="track-error" data-testid="track-gone">
          {t('notFound')}
        </p>
      </main>
    );
  if (!view)
    return (
      <main className="track">
        <p className="track-note">{t('loading')}</p>
      </main>
    );

  return (
    <main className={`track track-state-${view.state}`} data-testid="track-page" data-state={view.state}>
      <header className="track-head">
        <span>{view.hallName}</span>
        <span className={online ? 'track-live' : 'track-offline'}>{online ? t('live') : t('reconnecting')}</span>
      </header>
      <section className="track-ticket">
        <div className="track-label">{t('yourNumber')}</div>
        <div className="track-number" data-testid="track-number">
          {view.number}
        </div>
        <div className="track-category">{view.categoryName}</div>
      </section>
      {view.state === 'waiting' && (
        <section className="track-card track-wait">
          <div className="track-label">{t('ahead')}</div>
          <div className="track-ahead">
            <b data-testid="track-ahead">{view.ahead}</b> {t('people')}
          </div>
          <div className="track-sub">{view.ahead === 0 ? t('waitSoon') : t('wait', { m: Math.round(view.estimatedWaitMinutes) })}</div>
        </section>
      )}
      {view.state === 'called' && (
        <section className="track-card track-called" role="alert" data-testid="track-called">
          <div className="track-big">{t('calledTitle', { no: view.windowNo ?? '' })}</div>
          <div className="track-sub">{t('calledSub', { number: view.number })}</div>
        </section>
      )}
      {view.state === 'serving' && (
        <section className="track-card">
          <div className="track-big">{t('serving', { no: view.windowNo ?? '' })}</div>
        </section>
      )}
      {view.state === 'done' && (
        <section className="track-card">
          <div className="track-sub" data-testid="track-done">
            {t('done')}
          </div>
        </section>
      )}
      {view.state === 'missed' && (
        <section className="track-card">
          <div className="track-sub">{t('missed')}</div>
        </section>
      )}
      {view.state === 'removed' && (
        <section className="track-card">
          <div className="track-sub">{t('removed')}</div>
        </section>
      )}
      {view.cases.map((c) => (
        <CaseBlock key={c.caseNo} c={c} />
      ))}
      {view.state === 'done' && (
        <RatingForm
          offer={view.rating}
          send={async (r) => {
            const res = await rateTicket(token, r);
            setView(await getView(token));
            return res;
          }}
        />
      )}
      {view.phoneMasked && (view.state === 'waiting' || view.state === 'called') && <p className="track-note">{t('sms', { phone: view.phoneMasked })}</p>}
      <footer className="track-foot">{t('privacy')}</footer>
    </main>
  );
}
