// The ticket kiosk: large category buttons with waiting counts; one touch issues a ticket.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Result, Typography } from 'antd';
import { ensureDeviceToken, followHall, hallClient } from '../../bridge/hallBridge';
import type { IssuedTicket, QueueSnapshot } from '../../../../domain/api/hall';

export default function KioskPage() {
  const [snap, setSnap] = useState<QueueSnapshot | null>(null);
  const [ticket, setTicket] = useState<IssuedTicket | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setSnap(await hallClient('kiosk').queue());
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);

  useEffect(() => {
    let stop = () => {};
    void ensureDeviceToken('kiosk')
      .then(() => {
        stop = followHall('kiosk', () => void refresh());
      })
      .catch((e: Error) => setError(e.message));
    return () => stop();
  }, [refresh]);

  useEffect(() => {
    if (!ticket) return;
    const t = setTimeout(() => setTicket(null), 15_000);
    return () => clearTimeout(t);
  }, [ticket]);

  const take = async (category: string) => {
    setBusy(true);
    setError(null);
    try {
      setTicket(await hallClient('kiosk').issueTicket({ category, channel: 'kiosk', requestId: crypto.randomUUID() }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ minHeight: '100vh', background: '#eef3fb', padding: 32, boxSizing: 'border-box' }}>
      <Typography.Title style={{ textAlign: 'center', fontSize: 44 }}>{snap?.hall.name ?? '政务服务中心'} · 自助取号</Typography.Title>
      {error && <Alert type="error" showIcon message={error} style={{ fontSize: 22, marginBottom: 24 }} data-testid="kiosk-error" />}
      {ticket ? (
        <Card style={{ maxWidth: 640, margin: '0 auto', textAlign: 'center' }} data-testid="kiosk-ticket">
          <Result status="success" title={<span style={{ fontSize: 32 }}>取号成功</span>}
            subTitle={<span style={{ fontSize: 24 }}>{ticket.categoryName} · 前面还有 {ticket.ahead} 人 · 预计等候 {ticket.estimatedWaitMinutes} 分钟</span>} />
          <div style={{ fontSize: 110, fontWeight: 800, color: '#1458b8' }} data-testid="kiosk-ticket-number">{ticket.number}</div>
          <Button size="large" style={{ height: 72, fontSize: 28, marginTop: 16 }} onClick={() => setTicket(null)}>返回</Button>
        </Card>
      ) : (
        <div style={{ display: 'grid', gridTemplateColumns: 'repeat(2, 1fr)', gap: 24, maxWidth: 1100, margin: '0 auto' }}>
          {snap?.categories.map((c) => (
            <Button key={c.code} disabled={busy} onClick={() => void take(c.code)} style={{ height: 160, fontSize: 36, whiteSpace: 'normal' }} data-testid={`kiosk-cat-${c.code}`}>
              <div>{c.name}</div>
              <div style={{ fontSize: 22, opacity: 0.75 }}>等候 {c.waiting} 人 · 约 {c.estimatedWaitMinutes} 分钟</div>
            </Button>
          ))}
        </div>
      )}
    </div>
  );
}
