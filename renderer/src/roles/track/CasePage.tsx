// #/c/<token> (printed on the 受理回执 as /c/<token> and /r/<token>): the case's progress and
// its rating, by the receipt's random token. #/c/ alone (a receipt from before tokens) explains
// where to ask instead.
import { useEffect, useState } from 'react';
import type { CaseProgress } from '../../../../domain/api/track';
import { CaseBlock } from './CaseBlock';
import { RatingForm } from './RatingForm';
import { ApiError, getCase, rateCase } from './trackApi';
import { t } from './text';

export function CasePage({ token, rate }: { token: string; rate: boolean }) {
  const [data, setData] = useState<CaseProgress | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!token) return;
    getCase(token).then(setData, (e: unknown) => setError(e instanceof ApiError && e.status === 404 ? t('notFound') : t('reconnecting')));
  }, [token]);
  if (!token)
    return (
      <main className="track">
        <section className="track-card">
          <h2>{t('lookupTitle')}</h2>
          <p>{t('lookupHint')}</p>
        </section>
      </main>
    );
  if (error)
    return (
      <main className="track">
        <p className="track-error" data-testid="track-gone">
          {error}
        </p>
      </main>
    );
  if (!data)
    return (
      <main className="track">
        <p className="track-note">{t('loading')}</p>
      </main>
    );
  const rating = <RatingForm offer={data.rating} send={(r) => rateCase(token, r)} />;
  return (
    <main className="track" data-testid="case-page">
      <header className="track-head">
        <span>{data.hallName}</span>
      </header>
      {rate && rating}
      <CaseBlock c={data.case} />
      {!rate && rating}
      <footer className="track-foot">{t('privacy')}</footer>
    </main>
  );
}
