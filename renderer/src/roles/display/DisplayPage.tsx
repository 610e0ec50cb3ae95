// The hall call display, read from ten metres: the newest call huge, the previous calls below
// it, every window's current number on the right, waiting per category at the bottom and a
// scrolling notice line. Every new call (by seq) is announced once, in order, never cut off.
import { hallFmt, setHallZone } from '../../hooks/hallZone';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ensureDeviceToken, followHall, hallClient } from '../../bridge/hallBridge';
import { ExtendedHours } from '../../components/ExtendedHours';
import type { RotaToday } from '../../../../domain/api/rota';
import type { CallRecord, QueueSnapshot, WindowView } from '../../../../domain/api/hall';
import { Announcer, callText, speechOrTimed } from './announcer';
import { clipSpeaker } from './clipSpeaker';
import { lastCallPerWindow, liveCalls, newCalls } from './callFeed';
import { followDisplaySettings, repeatOverride } from './displaySettings';
import { DEFAULT_HALL_DISPLAY_SETTINGS } from '../../../../domain/api/settings';
import './display.css';

declare global {
  interface Window {
    __hallAnnouncer?: Announcer;
  }
}

function useClock(): string {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date()), 1000);
    return () => clearInterval(t);
  }, []);
  return hallFmt.clock(now);
}

export default function DisplayPage() {
  const { t } = useTranslation('display');
  const [snap, setSnap] = useState<QueueSnapshot | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [connected, setConnected] = useState(true);
  const [speaking, setSpeaking] = useState<string | null>(null);
  const [rotaToday, setRotaToday] = useState<RotaToday | null>(null);
  const lastSeq = useRef<number | null>(null);
  const clock = useClock();

  useEffect(() => {
    // Repeat count and pause come from the hall's settings (the manager's console), live.
    const override = repeatOverride(location.hash.split('?')[1] ?? '');
    // zh Web Speech voice if the PC has one, else the shipped clips, else silent pacing.
    const announcer = new Announcer(
      speechOrTimed(clipSpeaker()),
      override ?? DEFAULT_HALL_DISPLAY_SETTINGS.announceRepeat,
      DEFAULT_HALL_DISPLAY_SETTINGS.announceGapMs,
    );
    window.__hallAnnouncer = announcer;
    const settings = followDisplaySettings(hallClient('display'), (s) => {
      announcer.repeats = override ?? s.announceRepeat;
      announcer.gapMs = s.announceGapMs;
    });
    const offSpeak = announcer.onSpeaking(setSpeaking);
    let stop = () => {};
    let inflight = false;
    let rotaFetched = 0;
    let again = false;
    // Signals can arrive in bursts: one fetch at a time, and one more if a signal came meanwhile.
    const refresh = async () => {
      if (inflight) {
        again = true;
        return;
      }
      inflight = true;
      try {
        const s = await hallClient('display').queue();
        const feed = newCalls(s.recentCalls, lastSeq.current);
        lastSeq.current = feed.lastSeq;
        for (const c of feed.announce) announcer.enqueue(callText(c.ticketNumber, c.windowNo, c.windowName));
        setHallZone(s.hall.timeZone);
        setSnap(s);
        // Today's extended hours (duty rota): at most once a minute, not on every call.
        if (Date.now() - rotaFetched > 60_000) {
          rotaFetched = Date.now();
          setRotaToday(
            await hallClient('display')
              .call('rota.today')
              .catch(() => null),
          );
        }
        setProblem(null);
      } catch (e) {
        setProblem((e as Error).message);
      } finally {
        inflight = false;
        if (again) {
          again = false;
          void refresh();
        }
      }
    };
    void ensureDeviceToken('display')
      .then(() => {
        stop = followHall(
          'display',
          (sig) => {
            settings.onSignal(sig);
            void refresh();
          },
          (c) => {
            setConnected(c);
            if (c) {
              settings.refresh();
              void refresh();
            }
          },
        );
        settings.refresh();
        void refresh();
      })
      .catch((e: Error) => setProblem(e.message));
    return () => {
      stop();
      offSpeak();
    };
  }, []);

  const calls: CallRecord[] = snap ? snap.recentCalls.filter((c) => !c.walkIn).sort((a, b) => b.seq - a.seq) : [];
  // The hero shows only a call still calling (not one since suspended, or at a paused window).
  const head = snap ? liveCalls(calls, snap.windows)[0] : undefined;
  const rest = calls.filter((c) => c !== head);
  const perWindow = lastCallPerWindow(calls);
  const windows: WindowView[] = snap?.windows ?? [];
  const windowLabel = (no: number) => t('windowNo', { no });

  const statusOf = (w: WindowView): { text: string; cls: string } => {
    if (w.status === 'paused') return { text: t('paused'), cls: 'paused' };
    if (w.status === 'closed') return { text: t('closed'), cls: 'closed' };
    const cur = w.current?.number ?? (w.status === 'serving' ? perWindow.get(w.no)?.ticketNumber : undefined);
    return cur ? { text: cur, cls: 'serving' } : { text: t('idle'), cls: 'idle' };
  };

  return (
    <div className="hall-display" data-testid="display">
      <header>
        <div className="hall-name">
          {snap?.hall.name ?? '政务服务中心'} · {t('title')}
        </div>
        <div className="clock">{clock}</div>
      </header>
      <ExtendedHours today={rotaToday} className="display-extended" />
      {(!connected || problem) && (
        <div className="display-alert" role="alert" data-testid="display-offline">
          {problem ? t('problem', { msg: problem }) : t('offline')}
        </div>
      )}
      <main>
        <section className="calls" data-testid="current-calls">
          <div className="section-title">{t('nowCalling')}</div>
          {head ? (
            <div className={`call-hero${speaking ? ' flashing' : ''}`} key={head.seq} data-testid="call-hero">
              <div className="hero-number">{head.ticketNumber}</div>
              <div className="hero-window">{t('goTo', { window: windowLabel(head.windowNo) })}</div>
              {head.kind === 'recall' && <div className="hero-recall">{t('recall')}</div>}
            </div>
          ) : (
            <div className="call-hero empty">{t('noCalls')}</div>
          )}
          <div className="section-title small">{t('recentCalls')}</div>
          <div className="recent">
            {rest.slice(0, 6).map((c) => (
              <div className="recent-call" key={c.seq}>
                <span className="num">{c.ticketNumber}</span>
                <span className="arrow">→</span>
                <span className="win">{windowLabel(c.windowNo)}</span>
              </div>
            ))}
          </div>
          {/* 挂起的号: the citizen sees his number is kept and at which window he will be called back. */}
          {(snap?.suspended ?? []).length > 0 && (
            <div data-testid="display-suspended">
              <div className="section-title small">{t('suspended')}</div>
              <div className="recent">
                {(snap?.suspended ?? []).slice(0, 6).map((x) => (
                  <div className="recent-call" key={x.id}>
                    <span className="num">{x.number}</span>
                    <span className="arrow">→</span>
                    <span className="win">{windowLabel(x.windowNo)}</span>
                  </div>
                ))}
              </div>
            </div>
          )}
        </section>
        <section className="windows" data-testid="display-windows">
          <div className="section-title">{t('windows')}</div>
          <div className={`window-grid${windows.length > 16 ? ' dense' : ''}`}>
            {windows.map((w) => {
              const s = statusOf(w);
              return (
                <div className={`window-cell ${s.cls}`} key={w.no} data-testid={`display-window-${w.no}`}>
                  <span className="wno">{w.no}</span>
                  <span className="wstate">{s.text}</span>
                </div>
              );
            })}
          </div>
        </section>
      </main>
      <footer>
        <div className="waiting" data-testid="display-waiting">
          <span className="label">{t('waiting')}</span>
          {snap?.categories.map((c) => (
            <span className="cat" key={c.code}>
              {c.name} <b>{t('waitingCount', { n: c.waiting })}</b>
            </span>
          ))}
        </div>
        {snap?.hall.notice && (
          <div className="notice-line" data-testid="display-notice">
            <span>{snap.hall.notice}</span>
          </div>
        )}
      </footer>
    </div>
  );
}
