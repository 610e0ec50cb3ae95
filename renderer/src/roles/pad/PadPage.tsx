// The citizen's side of the counter (second screen or a paired tablet). Idle: the clerk's card.
// On request: the five levels as big faces (one tap submits a good rating), optional 服务效率 /
// 服务水平 / 服务态度, a reason from the versioned list for a 差评, thanks, back to idle. A
// countdown shows how long the rating stays open. Nothing personal about the citizen is shown.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { core, onCoreEvent, onCoreConnection } from '../../bridge/coreBridge';
import type { PadState } from '../../../../domain/contract/core';
import type { RatingLevel } from '../../../../domain/api/hall';
import type { RatingDimension } from '../../../../domain/rating/levels';
import { DIMENSIONS, RATING_LEVELS, isBadLevel } from './ratingLevels';
import { Face } from './Face';
import { PadConsent } from './PadConsent';
import './pad.css';

function useSecondsUntil(epochMs: number | null): number | null {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!epochMs) return;
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, [epochMs]);
  return epochMs ? Math.max(0, Math.ceil((epochMs - now) / 1000)) : null;
}

function Stars({ value }: { value: number }) {
  return (
    <span className="pad-stars" aria-label={`${value}`}>
      {[1, 2, 3, 4, 5].map((i) => (
        <span key={i} className={i <= Math.round(value) ? 'on' : 'off'}>
          ★
        </span>
      ))}
    </span>
  );
}

export default function PadPage() {
  const { t } = useTranslation('pad');
  const [state, setState] = useState<PadState | null>(null);
  const [connected, setConnected] = useState(true);
  const [level, setLevel] = useState<RatingLevel | null>(null);
  const [dims, setDims] = useState<Partial<Record<RatingDimension, RatingLevel>>>({});
  const [reasons, setReasons] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);

  useEffect(() => {
    const offState = onCoreEvent('pad', (s) => {
      setState(s);
      if (s.phase !== 'rating') {
        setLevel(null);
        setDims({});
        setReasons([]);
        setError(null);
      }
    });
    const offConn = onCoreConnection((c) => {
      setConnected(c);
      if (c) void core['pad.get']({}).then(setState);
    });
    void core['pad.get']({})
      .then(setState)
      .catch(() => {});
    return () => {
      offState();
      offConn();
    };
  }, []);

  const left = useSecondsUntil(state?.phase === 'rating' ? (state.request?.expiresAt ?? null) : null);

  const submit = async (l: RatingLevel, codes: string[]) => {
    if (!state?.request || sending) return;
    setSending(true);
    try {
      const dimensions = Object.keys(dims).length ? dims : undefined;
      await core['pad.rate']({ requestId: state.request.requestId, level: l, reasonCodes: codes, dimensions });
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setSending(false);
    }
  };

  const choose = (l: RatingLevel) => {
    setLevel(l);
    setError(null);
    if (!isBadLevel(l)) void submit(l, []);
  };

  if (!state)
    return (
      <div className="pad pad-center">
        <div className="pad-card">{t('connecting')}</div>
      </div>
    );
  const clerk = state.clerk;

  return (
    <div className="pad" data-testid="pad">
      {!connected && (
        <div className="pad-offline" role="alert">
          {t('offline')}
        </div>
      )}
      {state.phase === 'idle' && (
        <div className="pad-center">
          <div className="pad-card idle" data-testid="pad-idle">
            <div className="pad-window">{t('window', { no: state.windowNo })}</div>
            {clerk ? (
              <>
                {clerk.photoUrl ? (
                  <img className="pad-photo" src={clerk.photoUrl} alt="" />
                ) : (
                  <div className="pad-photo placeholder">{clerk.name.slice(0, 1)}</div>
                )}
                <div className="pad-clerk-name" data-testid="pad-clerk-name">
                  {clerk.name}
                </div>
                <div className="pad-workno">{t('workNo', { no: clerk.workNo })}</div>
                <Stars value={clerk.stars} />
                <div className="pad-welcome">{t('welcome')}</div>
              </>
            ) : (
              <div className="pad-welcome">{t('paused')}</div>
            )}
          </div>
        </div>
      )}

      {state.phase === 'rating' && (
        <div className="pad-rating" data-testid="pad-rating">
          <div className="pad-rating-head">
            <div>
              <div className="pad-title">{t('askTitle')}</div>
              {state.request?.ticketNumber && (
                <div className="pad-sub">
                  {t('service', { ticket: state.request.ticketNumber })}
                  {state.request.serviceName ? ` · ${state.request.serviceName}` : ''}
                  {clerk ? ` · ${clerk.name}（${clerk.workNo}）` : ''}
                </div>
              )}
            </div>
            {left !== null && (
              <div className="pad-countdown" data-testid="pad-countdown">
                {t('secondsLeft', { s: left })}
              </div>
            )}
          </div>
          {error && (
            <div className="pad-error" role="alert" data-testid="pad-error">
              {error}
            </div>
          )}
          <div className={`pad-levels${level && isBadLevel(level) ? ' compact' : ''}`}>
            {RATING_LEVELS.map((l) => (
              <button
                key={l.level}
                className={`pad-level${level === l.level ? ' chosen' : ''}`}
                style={{ ['--c' as string]: l.color }}
                disabled={sending}
                onClick={() => choose(l.level)}
                data-testid={`rate-${l.level}`}
              >
                <span className="face">
                  <Face mood={l.mood} size={level && isBadLevel(level) ? 48 : 72} />
                </span>
                <span className="label">{t(`levels.${l.level}`)}</span>
              </button>
            ))}
          </div>
          {level && isBadLevel(level) ? (
            <div className="pad-reasons" data-testid="pad-reasons">
              <div className="pad-section">{t('reasonsTitle')}</div>
              <div className="pad-reason-grid">
                {state.reasons.bad.map((r) => {
                  const on = reasons.includes(r.code);
                  return (
                    <button
                      key={r.code}
                      className={`pad-reason${on ? ' on' : ''}`}
                      data-testid={`reason-${r.code}`}
                      onClick={() => setReasons((rs) => (on ? rs.filter((x) => x !== r.code) : [...rs, r.code]))}
                    >
                      {on ? '✔ ' : ''}
                      {r.label}
                    </button>
                  );
                })}
              </div>
              <button className="pad-submit" disabled={reasons.length === 0 || sending} onClick={() => void submit(level, reasons)} data-testid="pad-submit">
                {t('submit')}
              </button>
            </div>
          ) : (
            <div className="pad-dims" data-testid="pad-dimensions">
              <div className="pad-section">{t('dimensionsTitle')}</div>
              {DIMENSIONS.map((d) => (
                <div className="pad-dim-row" key={d}>
                  <span className="pad-dim-name">{t(`dimensions.${d}`)}</span>
                  {RATING_LEVELS.map((l) => (
                    <button
                      key={l.level}
                      className={`pad-dim${dims[d] === l.level ? ' on' : ''}`}
                      style={{ ['--c' as string]: l.color }}
                      onClick={() => setDims((x) => ({ ...x, [d]: l.level }))}
                      data-testid={`dim-${d}-${l.level}`}
                    >
                      {t(`levels.${l.level}`)}
                    </button>
                  ))}
                </div>
              ))}
            </div>
          )}
          <div className="pad-privacy">{t('privacy')}</div>
        </div>
      )}

      {state.phase === 'consent' && state.consent && <PadConsent c={state.consent} />}

      {state.phase === 'thanks' && (
        <div className="pad-center">
          <div className="pad-card" data-testid="pad-thanks">
            <div className="pad-thanks-icon">✔</div>
            <div className="pad-title">{t('thanks')}</div>
            <div className="pad-sub">{t('thanksSub')}</div>
          </div>
        </div>
      )}
    </div>
  );
}
