// The screen a clerk lives in: queue panel (left), intake (centre), my cases / search / my day /
// devices (right). The header shows who and where, connection, sync backlog and device health.
import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Card, Col, Layout, Row, Space, Spin, Tag, Typography } from 'antd';
import { startCounterSync, useCounter } from './counterStore';
import { LoginForm } from './LoginForm';
import { QueuePanel } from './QueuePanel';
import { IntakePanel } from './IntakePanel';
import { CasesPanel } from './CasesPanel';
import { CaseDrawer } from './CaseDrawer';
import { core } from '../../bridge/coreBridge';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import type { CaseResult } from '../../../../domain/contract/core';

const DEVICE_LABEL = { idReader: '阅读器', printer: '打印机', evaluator: '评价器', led: '窗口屏' } as const;
const DOT = { ok: 'success', offline: 'warning', error: 'error', absent: 'default' } as const;

function ResultCard({ r, onClose }: { r: CaseResult; onClose: () => void }) {
  const { run, openCase, lastPrint, mine } = useCounter();
  const [seen, setSeen] = useState<Record<string, { state: string; error: string | null }>>({});
  useEffect(() => {
    if (lastPrint) setSeen((x) => ({ ...x, [lastPrint.jobId]: { state: lastPrint.state, error: lastPrint.error } }));
  }, [lastPrint]);
  const rated = mine.find((c) => c.caseId === r.caseId)?.rated ?? false;
  const STATE: Record<string, string> = { queued: '排队打印', printing: '打印中', done: '已打印', failed: '打印失败' };
  return (
    <Card size="small" style={{ borderColor: '#52c41a', background: '#f6ffed' }} data-testid="case-result"
      title={<Space><Typography.Text strong>办件已保存</Typography.Text><Tag color="green" data-testid="result-status">{r.statusLabel}</Tag></Space>}
      extra={<Button size="small" onClick={onClose} data-testid="result-close">关闭</Button>}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text copyable style={{ fontSize: 18 }} data-testid="result-case-no">{r.caseNo}</Typography.Text>
        {r.status === 'completed' ? <Typography.Text>即办件，已当场办结</Typography.Text> : r.dueDate && <Typography.Text>承诺办结日期：<b data-testid="result-due-date">{r.dueDate}</b></Typography.Text>}
        {r.warnings.map((w) => <Alert key={w.code} type="warning" showIcon message={w.message} />)}
        <Space wrap>
          {r.printed.map((p) => {
            const st = seen[p.jobId]?.state ?? p.state;
            const why = seen[p.jobId]?.error ?? p.error;
            return <Tag key={p.jobId} color={st === 'failed' ? 'red' : st === 'done' ? 'green' : 'blue'} data-testid={`result-print-${p.template}`} title={why ?? ''}>{p.label}：{st === 'failed' ? `打印失败（${why ?? '请检查打印机'}），可在办件中重打` : STATE[st] ?? st}</Tag>;
          })}
        </Space>
        <Space>
          <Button type="primary" disabled={rated} onClick={() => void run('rate', () => core['rating.request']({ caseId: r.caseId }))} data-testid="result-rate">{rated ? '已评价' : '请求评价'}</Button>
          <Button onClick={() => openCase(r.caseId)} data-testid="result-open">查看办件</Button>
        </Space>
      </Space>
    </Card>
  );
}

export default function CounterPage() {
  const { connected, session, sync, devices, error, notice, clearError, say, run, queue } = useCounter();
  const [result, setResult] = useState<CaseResult | null>(null);
  useEffect(() => startCounterSync(), []);
  // Until the core has answered, show nothing rather than flash the sign-in form at a signed-in clerk.
  if (!session) return <div style={{ padding: 48, textAlign: 'center' }} data-testid="counter-connecting"><Spin tip="正在连接本机服务…" /></div>;
  if (!session.clerk) return <LoginForm />;
  const online = session.online;
  const rate = () => void run('rate', () => (result ? core['rating.request']({ caseId: result.caseId }) : core['rating.request']({})));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ background: '#1458b8', display: 'flex', alignItems: 'center', gap: 16, paddingInline: 16, height: 52, lineHeight: '52px' }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>{session.windowNo} 号窗口</Typography.Title>
        <Typography.Text style={{ color: '#fff', whiteSpace: 'nowrap' }} data-testid="clerk-name">
          {session.clerk.name}（{session.clerk.workNo}）{session.offlineSignIn ? ' · 离线登录' : ''}
        </Typography.Text>
        {queue?.hallName && <Typography.Text style={{ color: '#d6e4ff', whiteSpace: 'nowrap' }}>{queue.hallName}</Typography.Text>}
        <span style={{ flex: 1 }} />
        <Space size={10} style={{ background: 'rgba(255,255,255,0.92)', padding: '0 10px', borderRadius: 4, lineHeight: '30px' }} data-testid="device-dots">
          {devices.map((d) => <Badge key={d.kind} status={DOT[d.state]} text={DEVICE_LABEL[d.kind]} title={d.message} />)}
        </Space>
        <Tag color={online ? 'green' : 'red'} data-testid="online-tag">{online ? '在线' : '离线'}</Tag>
        {sync && <Tag color={sync.pending ? 'orange' : 'default'} data-testid="sync-tag">待同步 {sync.pending}{sync.deadLetters ? ` · 失败 ${sync.deadLetters}` : ''}</Tag>}
        <LanguageSwitch />
        <Button size="small" onClick={() => void run('logout', () => core['session.logout']({}))}>退出</Button>
      </Layout.Header>
      <Layout.Content style={{ padding: 12 }}>
        {!connected && <Alert type="warning" showIcon message="与本机服务的连接已断开，正在重新连接…" style={{ marginBottom: 8 }} />}
        {!online && (
          <Alert type="error" showIcon banner style={{ marginBottom: 8 }} data-testid="offline-banner"
            message="大厅服务器无法连接：已切换为离线模式（现场登记）。叫号暂不可用；收件、受理、打印和评价照常进行，恢复联网后自动同步。" />
        )}
        {error && !error.source.startsWith('decide-') && <Alert type="error" showIcon closable onClose={clearError} message={error.message} description={`错误代码：${error.code}`} style={{ marginBottom: 8 }} data-testid="action-error" />}
        {notice && <Alert type="info" showIcon closable onClose={() => say(null)} message={notice} style={{ marginBottom: 8 }} data-testid="notice" />}
        <Row gutter={12}>
          <Col xs={24} lg={7}><QueuePanel onRate={rate} /></Col>
          <Col xs={24} lg={10}>
            <Space direction="vertical" style={{ width: '100%' }}>
              {result && <ResultCard r={result} onClose={() => setResult(null)} />}
              <IntakePanel onDone={setResult} />
            </Space>
          </Col>
          <Col xs={24} lg={7}><CasesPanel /></Col>
        </Row>
      </Layout.Content>
      <CaseDrawer />
    </Layout>
  );
}
