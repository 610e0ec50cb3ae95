// The ticket kiosk, designed for a 70-year-old: one question per screen, huge touch targets,
// a voice prompt, and back to the start after 30 s without a touch. With a printer the number
// exists only once it has printed (server-side print-then-issue); a failed print says so
// plainly and leaves no ticket behind.
import { hallFmt } from '../../hooks/hallZone';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ensureDeviceToken, followHall } from '../../bridge/hallBridge';
import type { IssuedTicket } from '../../../../domain/api/hall';
import { ageOn, maskIdNumber } from '../../../../domain/idNumber';
import { speechOrTimed, type Speaker } from '../display/announcer';
import { IdPad } from './IdPad';
import { PhoneSms } from './PhoneSms';
import { AppointmentPad } from './AppointmentPad';
import { kioskCategories, kioskCheckIn, kioskConfig, kioskIssue, kioskRotaToday, type KioskCategories, type KioskConfig } from './kioskApi';
import { ExtendedHours } from '../../components/ExtendedHours';
import type { RotaToday } from '../../../../domain/api/rota';
import { useIdleReset } from './useIdleReset';
import './kiosk.css';

type Screen =
  | { kind: 'home' }
  | { kind: 'id' }
  | { kind: 'appointment' }
  | { kind: 'printing' }
  | { kind: 'ticket'; ticket: IssuedTicket; printed: boolean; appointment?: boolean }
  | { kind: 'failed'; message: string; printFailure: boolean; appointment?: boolean };

// ?idle=N shortens the timeouts (tests, or a hall that wants them shorter).
const IDLE_PARAM = Number(new URLSearchParams(location.hash.split('?')[1] ?? '').get('idle')) || 0;
const IDLE_SECONDS = IDLE_PARAM || 30;
const TICKET_SECONDS = IDLE_PARAM || 20;

function today(): string {
  return hallFmt.today();
}

export default function KioskPage() {
  const { t } = useTranslation('kiosk');
  const [offer, setOffer] = useState<KioskCategories | null>(null);
  const [config, setConfig] = useState<KioskConfig | null>(null);
  const [screen, setScreen] = useState<Screen>({ kind: 'home' });
  const [idNumber, setIdNumber] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [rotaToday, setRotaToday] = useState<RotaToday | null>(null);
  const speaker = useRef<Speaker | null>(null);

  const say = (text: string) => {
    if (typeof speechSynthesis !== 'undefined') speechSynthesis.cancel(); // a prompt never waits behind an old one
    void (speaker.current ??= speechOrTimed())(text);
  };

  const home = useCallback(() => {
    setScreen({ kind: 'home' });
    setIdNumber(null); // the ID number never outlives the visit
  }, []);

  useEffect(() => {
    let stop = () => {};
    const refresh = async () => {
      try {
        setOffer(await kioskCategories());
        setProblem(null);
        // The categories follow the rota hour by hour; the extended-hours line follows the rota too.
        setRotaToday(await kioskRotaToday().catch(() => null));
      } catch (e) {
        setProblem((e as Error).message);
      }
    };
    void ensureDeviceToken('kiosk')
      .then(async () => {
        setConfig(await kioskConfig());
        stop = followHall('kiosk', () => void refresh());
        void refresh();
      })
      .catch((e: Error) => setProblem(e.message));
    return () => stop();
  }, []);

  const idleLeft = useIdleReset(screen.kind !== 'home' && screen.kind !== 'printing', screen.kind === 'ticket' ? TICKET_SECONDS : IDLE_SECONDS, home);

  const take = async (category: string) => {
    setScreen({ kind: 'printing' });
    try {
      const r = await kioskIssue({ category, idNumber: idNumber ?? undefined, requestId: crypto.randomUUID() });
      setIdNumber(null);
      setScreen({ kind: 'ticket', ticket: r.ticket, printed: r.printed });
      say(t('sayNumber', { number: r.ticket.number.replace(/\d/g, (d) => '零一二三四五六七八九'[Number(d)]!), ahead: r.ticket.ahead }));
    } catch (e) {
      const err = e as Error & { code?: string };
      const printFailure = err.code === 'kiosk_print_failed';
      setScreen({ kind: 'failed', message: err.message, printFailure });
      if (printFailure) say(t('sayFailed'));
    }
  };

  // Appointment check-in: same ticket screen; the server prints through the kiosk's printer when set.
  const checkIn = async (key: { code: string } | { idNumber: string }) => {
    setScreen({ kind: 'printing' });
    try {
      const r = await kioskCheckIn(key);
      setScreen({ kind: 'ticket', ticket: r.ticket, printed: r.printed, appointment: true });
      say(t('sayNumber', { number: r.ticket.number.replace(/\d/g, (d) => '零一二三四五六七八九'[Number(d)]!), ahead: r.ticket.ahead }));
    } catch (e) {
      setScreen({ kind: 'failed', message: (e as Error).message, printFailure: false, appointment: true });
    }
  };

  const age = idNumber ? ageOn(idNumber, today()) : null;
  const elderly = age !== null && config !== null && age >= config.elderlyAge;
  const hallName = offer?.hallName || config?.hallName || '政务服务中心';

  return (
    <div className="kiosk" data-testid="kiosk">
      <header className="kiosk-header">
        <span>{hallName}</span>
        <span className="kiosk-title">{t('title')}</span>
      </header>
      <ExtendedHours today={rotaToday} className="kiosk-extended" />
      {problem && (
        <div className="kiosk-banner" role="alert" data-testid="kiosk-error">
          {problem}
        </div>
      )}

      {(screen.kind === 'home' || (screen.kind === 'id' && idNumber)) && (
        <main className="kiosk-main">
          {idNumber ? (
            <div className="kiosk-id-card" data-testid="kiosk-id-accepted">
              <div>{t('idAccepted', { masked: maskIdNumber(idNumber) })}</div>
              {elderly && (
                <div className="kiosk-elderly" data-testid="kiosk-elderly">
                  {t('elderly', { age })}
                </div>
              )}
            </div>
          ) : null}
          <div className="kiosk-subtitle" onClick={() => say(t('sayHome'))}>
            {idNumber ? t('chooseAfterId') : t('choose')}
          </div>
          {!offer && !problem && <div className="kiosk-subtitle">{t('connecting')}</div>}
          <div className={`kiosk-cats n${Math.min(offer?.categories.length ?? 0, 6)}`}>
            {offer?.categories.map((c) => (
              <button key={c.code} className="kiosk-cat" onClick={() => void take(c.code)} data-testid={`kiosk-cat-${c.code}`}>
                <span className="cat-name">{c.name}</span>
                <span className="cat-meta">
                  {t('waiting', { n: c.waiting })} · {t('estimate', { m: c.estimatedWaitMinutes })}
                </span>
              </button>
            ))}
          </div>
          <div className="kiosk-bottom">
            {idNumber ? (
              <button className="kiosk-btn secondary" onClick={home}>
                {t('backHome')}
              </button>
            ) : (
              <>
                <button className="kiosk-btn id" onClick={() => setScreen({ kind: 'id' })} data-testid="kiosk-with-id">
                  <span>{t('withId')}</span>
                  <small>{t('withIdHint')}</small>
                </button>
                <button className="kiosk-btn appt" onClick={() => setScreen({ kind: 'appointment' })} data-testid="kiosk-appointment">
                  <span>{t('appointment')}</span>
                  <small>{t('appointmentHint')}</small>
                </button>
              </>
            )}
          </div>
        </main>
      )}

      {screen.kind === 'id' && !idNumber && (
        <main className="kiosk-main">
          <IdPad onAccept={(id) => setIdNumber(id)} onBack={home} />
        </main>
      )}

      {screen.kind === 'appointment' && (
        <main className="kiosk-main">
          <AppointmentPad onCode={(code) => void checkIn({ code })} onIdNumber={(id) => void checkIn({ idNumber: id })} onBack={home} />
        </main>
      )}

      {screen.kind === 'printing' && (
        <main className="kiosk-main center" data-testid="kiosk-printing">
          <div className="kiosk-spinner" />
          <div className="kiosk-subtitle">{t('printing')}</div>
        </main>
      )}

      {screen.kind === 'ticket' && (
        <main className="kiosk-main center" data-testid="kiosk-ticket">
          {screen.appointment && (
            <div className="kiosk-subtitle ok" data-testid="kiosk-appt-done">
              {t('apptDone')}
            </div>
          )}
          <div className="kiosk-subtitle">{screen.printed ? t('takeTicket') : t('screenOnly')}</div>
          <div className="ticket-card">
            <div className="ticket-label">{t('yourNumber')}</div>
            <div className="ticket-number" data-testid="kiosk-ticket-number">
              {screen.ticket.number}
            </div>
            <div className="ticket-cat">
              {screen.ticket.categoryName ?? screen.ticket.category}
              {screen.ticket.priority === 'appointment'
                ? ` · ${t('apptLabel')}`
                : screen.ticket.priority && screen.ticket.priority !== 'normal'
                  ? ` · ${t('priority')}`
                  : ''}
            </div>
            <div className="ticket-meta" data-testid="kiosk-ticket-ahead">
              {t('ahead', { n: screen.ticket.ahead })} · {t('estimateLong', { m: screen.ticket.estimatedWaitMinutes })}
            </div>
            <div className="ticket-hint">{t('watchDisplay')}</div>
          </div>
          <PhoneSms key={screen.ticket.id} ticketId={screen.ticket.id} />
          <button className="kiosk-btn primary" onClick={home}>
            {t('backHome')}
          </button>
          <div className="kiosk-countdown">{t('returnIn', { s: idleLeft })}</div>
        </main>
      )}

      {screen.kind === 'failed' && (
        <main className="kiosk-main center" data-testid="kiosk-failed">
          <div className="failed-icon">!</div>
          <div className="failed-title">{screen.printFailure ? t('failedTitle') : screen.appointment ? t('apptFailedTitle') : t('errorTitle')}</div>
          <div className="failed-body" data-testid="kiosk-failed-message">
            {screen.printFailure ? t('failedBody') : screen.message}
          </div>
          <button className="kiosk-btn primary" onClick={home} data-testid="kiosk-retry">
            {screen.appointment ? t('backHome') : t('retry')}
          </button>
          <div className="kiosk-countdown">{t('returnIn', { s: idleLeft })}</div>
        </main>
      )}
    </div>
  );
}
