// The rating of one service from the phone (channel qrCode): five levels, reasons required for a
// 差评 (the hall checks again with the same rules as the pad). A retry reuses the same id, so a
// flaky connection never counts a rating twice.
import { useRef, useState } from 'react';
import type { PhoneRating, TrackView } from '../../../../domain/api/track';
import { ApiError, newRatingId } from './trackApi';
import { levelLabel, t } from './text';

const LEVELS = ['verySatisfied', 'satisfied', 'basic', 'dissatisfied', 'veryDissatisfied'] as const;
type Level = (typeof LEVELS)[number];

export function RatingForm({ offer, send }: { offer: TrackView['rating']; send: (r: PhoneRating) => Promise<unknown> }) {
  const [level, setLevel] = useState<Level | null>(null);
  const [reasons, setReasons] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const id = useRef(newRatingId());
  if (done || offer.rated)
    return (
      <p className="track-note" data-testid="track-rated">
        {done ? t('rateThanks') : t('rated')}
      </p>
    );
  if (!offer.open) return <p className="track-note">{t('rateAfter')}</p>;
  const bad = level === 'dissatisfied' || level === 'veryDissatisfied';
  const submit = async () => {
    if (!level) return;
    setBusy(true);
    setError(null);
    try {
      await send({ id: id.current, level, reasonCodes: bad ? reasons : [], reasonListVersion: offer.reasonListVersion, ratedAt: new Date().toISOString() });
      setDone(true);
    } catch (e) {
      setError(t('rateError', { msg: e instanceof ApiError ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="track-card" data-testid="track-rating">
      <h2>{t('rateTitle')}</h2>
      <div className="track-levels">
        {LEVELS.map((l) => (
          <button key={l} type="button" className={l === level ? 'on' : ''} onClick={() => setLevel(l)}>
            {levelLabel(l)}
          </button>
        ))}
      </div>
      {bad && (
        <>
          <p>{t('rateReasons')}</p>
          <div className="track-reasons">
            {offer.bad.map((r) => (
              <label key={r.code}>
                <input
                  type="checkbox"
                  checked={reasons.includes(r.code)}
                  onChange={(e) => setReasons(e.target.checked ? [...reasons, r.code] : reasons.filter((x) => x !== r.code))}
                />
                {r.label}
              </label>
            ))}
          </div>
        </>
      )}
      {error && (
        <p className="track-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="track-primary" disabled={!level || busy || (bad && !reasons.length)} onClick={() => void submit()}>
        {t('rateSubmit')}
      </button>
    </section>
  );
}
