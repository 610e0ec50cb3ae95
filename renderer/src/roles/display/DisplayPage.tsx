// The hall call display: current calls large, last calls per window, waiting per category, a
// scrolling notice. Every new call (by its seq) is announced exactly once, in order.
import { useEffect, useRef, useState } from 'react';
import { Alert } from 'antd';
import { ensureDeviceToken, followHall, hallClient } from '../../bridge/hallBridge';
import type { CallRecord, QueueSnapshot } from '../../../../domain/api/hall';
import { Announcer, callText, timedSpeaker, webSpeechSpeaker } from './announcer';

declare global {
  interface Window {
    __hallAnnouncer?: Announcer;
  }
}

export default function DisplayPage() {
  const [snap, setSnap] = useState<QueueSnapshot | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const lastSeq = useRef<number | null>(null);
  const announcer = useRef<Announcer | null>(null);

  useEffect(() => {
    const repeats = Number(new URLSearchParams(location.hash.split('?')[1] ?? '').get('repeat') ?? 2);
    announcer.current = new Announcer(webSpeechSpeaker() ?? timedSpeaker(), Math.max(1, repeats));
    window.__hallAnnouncer = announcer.current;
    let stop = () => {};
    const refresh = async () => {
      try {
        const s = await hallClient('display').queue();
        const calls = [...s.recentCalls].sort((a, b) => a.seq - b.seq);
        if (lastSeq.current === null) lastSeq.current = calls.at(-1)?.seq ?? 0; // do not replay history at start
        for (const c of calls) {
          if (c.seq > lastSeq.current) {
            announcer.current!.enqueue(callText(c.ticketNumber, c.windowNo));
            lastSeq.current = c.seq;
          }
        }
        setSnap(s);
        setProblem(null);
      } catch (e) {
        setProblem((e as Error).message);
      }
    };
    void ensureDeviceToken('display')
      .then(() => {
        stop = followHall('display', () => void refresh());
      })
      .catch((e: Error) => setProblem(e.message));
    return () => stop();
  }, []);

  const latest: CallRecord[] = snap ? [...snap.recentCalls].sort((a, b) => b.seq - a.seq) : [];
  const current = latest.slice(0, 4);
  const lastPerWindow = new Map<number, CallRecord>();
  for (const c of latest) if (!lastPerWindow.has(c.windowNo)) lastPerWindow.set(c.windowNo, c);

  return (
    <div style={{ minHeight: '100vh', background: '#0b1f3a', color: '#fff', padding: 24, boxSizing: 'border-box' }}>
      <div style={{ fontSize: 40, fontWeight: 700, textAlign: 'center', marginBottom: 16 }}>{snap?.hall.name ?? '政务服务中心'} · 叫号</div>
      {problem && <Alert type="error" message={`大屏暂时无法获取叫号信息：${problem}`} showIcon style={{ marginBottom: 16 }} />}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(2, 1fr)', gap: 16 }} data-testid="current-calls">
        {current.map((c) => (
          <div key={c.seq} style={{ background: '#12355f', borderRadius: 12, padding: 24, textAlign: 'center' }}>
            <div style={{ fontSize: 96, fontWeight: 800, color: '#ffd54a', letterSpacing: 6 }}>{c.ticketNumber}</div>
            <div style={{ fontSize: 44 }}>请到 {c.windowNo} 号窗口</div>
          </div>
        ))}
        {current.length === 0 && <div style={{ fontSize: 36, opacity: 0.7 }}>暂无叫号</div>}
      </div>
      <div style={{ display: 'flex', gap: 24, marginTop: 24, fontSize: 28 }}>
        <div style={{ flex: 2 }}>
          <div style={{ opacity: 0.7 }}>各窗口最近叫号</div>
          {[...lastPerWindow.values()].sort((a, b) => a.windowNo - b.windowNo).map((c) => (
            <div key={c.windowNo}>{c.windowNo} 号窗口：{c.ticketNumber}</div>
          ))}
        </div>
        <div style={{ flex: 1 }}>
          <div style={{ opacity: 0.7 }}>等候人数</div>
          {snap?.categories.map((c) => (
            <div key={c.code}>{c.name}：{c.waiting} 人</div>
          ))}
        </div>
      </div>
      {snap?.hall.notice && <div className="notice-line"><span>{snap.hall.notice}</span></div>}
    </div>
  );
}
