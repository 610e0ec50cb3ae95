// The queue panel: the current ticket, waiting counts of this window's categories, and every
// clerk operation as a button with an F-key. A button is disabled when its action cannot apply.
import { useEffect } from 'react';
import { Alert, Button, Card, Col, Row, Space, Statistic, Tag, Typography } from 'antd';
import { useCounter } from './counterStore';
import { core } from '../../bridge/coreBridge';

interface Action {
  key: string;
  fkey: string;
  label: string;
  enabled: boolean;
  run: () => Promise<unknown>;
}

export function QueuePanel() {
  const { queue, busy, error, run, clearError } = useCounter();
  const current = queue?.current ?? null;
  const paused = queue?.window?.status === 'paused';
  const actions: Action[] = [
    { key: 'callNext', fkey: 'F1', label: '叫下一位', enabled: !current && !paused, run: () => core['queue.callNext']({}) },
    { key: 'recall', fkey: 'F2', label: '重呼', enabled: current?.status === 'called', run: () => core['queue.recall']({}) },
    { key: 'start', fkey: 'F3', label: '开始办理', enabled: current?.status === 'called', run: () => core['queue.start']({}) },
    { key: 'noShow', fkey: 'F4', label: '过号', enabled: current?.status === 'called', run: () => core['queue.noShow']({}) },
    { key: 'finish', fkey: 'F5', label: '办结', enabled: current?.status === 'serving', run: () => core['queue.finish']({ outcome: 'served' }) },
    { key: 'rate', fkey: 'F6', label: '请求评价', enabled: true, run: () => core['rating.request']({}) },
  ];

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const a = actions.find((x) => x.fkey === e.key);
      if (!a) return;
      e.preventDefault();
      if (a.enabled) void run(a.key, a.run);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      {error && <Alert type="error" showIcon closable onClose={clearError} message={error.message} description={`错误代码：${error.code}`} data-testid="action-error" />}
      <Row gutter={16}>
        <Col span={10}>
          <Card title="当前号票">
            <div data-testid="current-ticket" style={{ fontSize: 56, fontWeight: 700, letterSpacing: 4, color: current ? '#1458b8' : '#bbb' }}>
              {current?.number ?? '—'}
            </div>
            {current && <Tag color={current.status === 'serving' ? 'green' : 'blue'}>{current.status === 'serving' ? '办理中' : '已呼叫'}</Tag>}
          </Card>
        </Col>
        <Col span={14}>
          <Card title="等候人数">
            <Row gutter={16}>
              {(queue?.categories ?? []).map((c) => (
                <Col key={c.code} span={8}>
                  <Statistic title={`${c.code} ${c.name}`} value={c.waiting} suffix="人" />
                </Col>
              ))}
            </Row>
          </Card>
        </Col>
      </Row>
      <Space wrap size="middle">
        {actions.map((a) => (
          <Button key={a.key} size="large" type={a.key === 'callNext' ? 'primary' : 'default'} disabled={!a.enabled || (busy !== null && busy !== a.key)} loading={busy === a.key} onClick={() => run(a.key, a.run)} data-testid={`btn-${a.key}`}>
            {a.label} <Typography.Text type="secondary" style={{ marginLeft: 6, fontSize: 12 }}>{a.fkey}</Typography.Text>
          </Button>
        ))}
      </Space>
    </Space>
  );
}
