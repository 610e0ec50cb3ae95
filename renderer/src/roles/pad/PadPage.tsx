// The citizen's side of the counter: idle shows the clerk; a rating request shows the five
// levels; a 差评 asks for a reason; thanks; back to idle. Nothing personal is shown.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, Rate, Result, Space, Typography } from 'antd';
import { core, onCoreEvent, onCoreConnection } from '../../bridge/coreBridge';
import type { PadState } from '../../../../domain/contract/core';
import type { RatingLevel } from '../../../../domain/api/hall';
import { RATING_LEVELS, isBadLevel } from './ratingLevels';

export default function PadPage() {
  const [state, setState] = useState<PadState | null>(null);
  const [level, setLevel] = useState<RatingLevel | null>(null);
  const [reasons, setReasons] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const offState = onCoreEvent('pad', (s) => {
      setState(s);
      if (s.phase !== 'rating') {
        setLevel(null);
        setReasons([]);
        setError(null);
      }
    });
    const offConn = onCoreConnection((c) => c && void core['pad.get']({}).then(setState));
    return () => {
      offState();
      offConn();
    };
  }, []);

  const submit = async (l: RatingLevel, codes: string[]) => {
    if (!state?.request) return;
    try {
      await core['pad.rate']({ requestId: state.request.requestId, level: l, reasonCodes: codes });
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const choose = (l: RatingLevel) => {
    setLevel(l);
    if (!isBadLevel(l)) void submit(l, []);
  };

  if (!state) return <Card style={{ margin: '20vh auto', maxWidth: 480, textAlign: 'center' }}>正在连接…</Card>;
  const clerk = state.clerk;

  return (
    <div style={{ minHeight: '100vh', background: '#eef3fb', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: 24 }}>
      {state.phase === 'idle' && (
        <Card style={{ width: 560, textAlign: 'center' }} data-testid="pad-idle">
          <Typography.Title level={2}>{state.windowNo} 号窗口</Typography.Title>
          {clerk ? (
            <>
              <Typography.Title level={3} data-testid="pad-clerk-name">{clerk.name}</Typography.Title>
              <Typography.Text>工号 {clerk.workNo}</Typography.Text>
              <div><Rate disabled value={clerk.stars} /></div>
            </>
          ) : (
            <Typography.Text type="secondary">暂停服务</Typography.Text>
          )}
          <Typography.Paragraph style={{ marginTop: 24 }}>欢迎您对我们的服务进行评价</Typography.Paragraph>
        </Card>
      )}
      {state.phase === 'rating' && (
        <Card style={{ width: 900 }} data-testid="pad-rating">
          <Typography.Title level={2} style={{ textAlign: 'center' }}>请您对本次服务进行评价</Typography.Title>
          {state.request?.ticketNumber && <Typography.Paragraph style={{ textAlign: 'center' }}>号票 {state.request.ticketNumber}{state.request.serviceName ? ` · ${state.request.serviceName}` : ''}</Typography.Paragraph>}
          {error && <Alert type="error" message={error} showIcon style={{ marginBottom: 16 }} />}
          <Space size="large" wrap style={{ width: '100%', justifyContent: 'center' }}>
            {RATING_LEVELS.map((l) => (
              <Button key={l.level} type={level === l.level ? 'primary' : 'default'} style={{ width: 150, height: 110, fontSize: 22 }} onClick={() => choose(l.level)} data-testid={`rate-${l.level}`}>
                <div style={{ fontSize: 34 }}>{l.emoji}</div>
                {l.label}
              </Button>
            ))}
          </Space>
          {level && isBadLevel(level) && (
            <div style={{ marginTop: 24 }} data-testid="pad-reasons">
              <Typography.Title level={4}>请选择不满意的原因（必选）</Typography.Title>
              <Checkbox.Group value={reasons} onChange={(v) => setReasons(v as string[])} style={{ display: 'grid', gridTemplateColumns: '1fr 1fr', gap: 12, fontSize: 18 }}
                options={state.reasons.bad.map((r) => ({ value: r.code, label: r.label }))} />
              <Button type="primary" size="large" style={{ marginTop: 16 }} disabled={reasons.length === 0} onClick={() => void submit(level, reasons)} data-testid="pad-submit">
                提交评价
              </Button>
            </div>
          )}
        </Card>
      )}
      {state.phase === 'thanks' && (
        <Card style={{ width: 560 }} data-testid="pad-thanks">
          <Result status="success" title="感谢您的评价！" subTitle="您的意见将帮助我们改进服务" />
        </Card>
      )}
    </div>
  );
}
