// The screen a clerk lives in: queue panel (left), intake (centre), my cases / search / my day /
// devices (right). The header shows who and where, connection, sync backlog and device health.
import { domainLabel, deviceMessage } from '../../i18n/domainLabels';
import { useEffect, useState } from 'react';
import { Alert, Badge, Button, Card, Col, Layout, Row, Space, Spin, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { startCounterSync, useCounter } from './counterStore';
import { LoginForm } from './LoginForm';
import { QueuePanel } from './QueuePanel';
import { IntakePanel } from './IntakePanel';
import { IntakeModeSwitch } from './IntakeModeSwitch';
import { CasesPanel } from './CasesPanel';
import { CaseDrawer } from './CaseDrawer';
import { DeadLettersModal, ManagerUnlockControl } from './ManagerUnlock';
import { core } from '../../bridge/coreBridge';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import type { CaseResult } from '../../../../domain/contract/core';

const DOT = { ok: 'success', offline: 'warning', error: 'error', absent: 'default' } as const;

function ResultCard({ r, onClose }: { r: CaseResult; onClose: () => void }) {
  const { run, openCase, lastPrint, mine } = useCounter();
  const [seen, setSeen] = useState<Record<string, { state: string; error: string | null }>>({});
  useEffect(() => {
    if (lastPrint) setSeen((x) => ({ ...x, [lastPrint.jobId]: { state: lastPrint.state, error: lastPrint.error } }));
  }, [lastPrint]);
  const { t } = useTranslation('counter');
  const { t: tp } = useTranslation('practices');
  const rated = mine.find((c) => c.caseId === r.caseId)?.rated ?? false;
  return (
    <Card
      size="small"
      style={{ borderColor: '#52c41a', background: '#f6ffed' }}
      data-testid="case-result"
      title={
        <Space>
          <Typography.Text strong>{t('result.saved')}</Typography.Text>
          <Tag color="green" data-testid="result-status">
            {domainLabel('status', r.status, r.statusLabel)}
          </Tag>
        </Space>
      }
      extra={
        <Button size="small" onClick={onClose} data-testid="result-close">
          {t('result.close')}
        </Button>
      }
    >
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Text copyable style={{ fontSize: 18 }} data-testid="result-case-no">
          {r.caseNo}
        </Typography.Text>
        {r.status === 'completed' ? (
          <Typography.Text>{t('result.completedNow')}</Typography.Text>
        ) : (
          r.dueDate && (
            <Typography.Text>
              {t('result.dueDate')}
              <b data-testid="result-due-date">{r.dueDate}</b>
            </Typography.Text>
          )
        )}
        {r.proxy && (
          <Alert
            type={r.proxy.link === 'linked' ? 'info' : 'warning'}
            showIcon
            data-testid="result-proxy"
            message={tp(r.proxy.link === 'linked' ? 'mine.linked' : 'mine.linkPending', {
              no: r.proxy.serviceNo,
              agent: `${r.proxy.agentName}（${r.proxy.agentWorkNo}）`,
            })}
          />
        )}
        {r.warnings.map((w) => (
          <Alert key={w.code} type="warning" showIcon message={w.message} />
        ))}
        <Space wrap>
          {r.printed.map((p) => {
            const st = seen[p.jobId]?.state ?? p.state;
            const why = seen[p.jobId]?.error ?? p.error;
            return (
              <Tag
                key={p.jobId}
                color={st === 'failed' ? 'red' : st === 'done' ? 'green' : 'blue'}
                data-testid={`result-print-${p.template}`}
                title={why ?? ''}
              >
                {t('result.printLine', {
                  label: domainLabel('template', p.template, p.label),
                  state:
                    st === 'failed' ? t('result.printFailed', { why: why ?? t('result.checkPrinter') }) : t(`result.printState.${st}`, { defaultValue: st }),
                })}
              </Tag>
            );
          })}
        </Space>
        <Space>
          <Button
            type="primary"
            disabled={rated}
            onClick={() => void run('rate', () => core['rating.request']({ caseId: r.caseId }))}
            data-testid="result-rate"
          >
            {rated ? t('result.rated') : t('result.rate')}
          </Button>
          <Button onClick={() => openCase(r.caseId)} data-testid="result-open">
            {t('result.open')}
          </Button>
        </Space>
      </Space>
    </Card>
  );
}

export default function CounterPage() {
  const { connected, session, sync, devices, error, notice, clearError, say, run, queue } = useCounter();
  const [result, setResult] = useState<CaseResult | null>(null);
  const [deadOpen, setDeadOpen] = useState(false);
  const { t } = useTranslation('counter');
  useEffect(() => startCounterSync(), []);
  // Until the core has answered, show nothing rather than flash the sign-in form at a signed-in clerk.
  if (!session)
    return (
      <div style={{ padding: 48, textAlign: 'center' }} data-testid="counter-connecting">
        <Spin tip={t('page.connecting')} />
      </div>
    );
  if (!session.clerk) return <LoginForm />;
  const online = session.online;
  const rate = () => void run('rate', () => (result ? core['rating.request']({ caseId: result.caseId }) : core['rating.request']({})));

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ background: '#1458b8', display: 'flex', alignItems: 'center', gap: 16, paddingInline: 16, height: 52, lineHeight: '52px' }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0, whiteSpace: 'nowrap' }}>
          {t('page.window', { no: session.windowNo })}
        </Typography.Title>
        <Typography.Text style={{ color: '#fff', whiteSpace: 'nowrap' }} data-testid="clerk-name">
          {session.clerk.name}（{session.clerk.workNo}）{session.offlineSignIn ? t('page.offlineSignIn') : ''}
        </Typography.Text>
        {queue?.hallName && <Typography.Text style={{ color: '#d6e4ff', whiteSpace: 'nowrap' }}>{queue.hallName}</Typography.Text>}
        <span style={{ flex: 1 }} />
        <Space size={10} style={{ background: 'rgba(255,255,255,0.92)', padding: '0 10px', borderRadius: 4, lineHeight: '30px' }} data-testid="device-dots">
          {devices.map((d) => (
            <Badge key={d.kind} status={DOT[d.state]} text={t(`page.devices.${d.kind}`)} title={deviceMessage(d)} />
          ))}
        </Space>
        <Tag color={online ? 'green' : 'red'} data-testid="online-tag">
          {online ? t('page.online') : t('page.offline')}
        </Tag>
        {sync && (
          <Tag
            color={sync.pending ? 'orange' : 'default'}
            data-testid="sync-tag"
            style={sync.deadLetters ? { cursor: 'pointer' } : undefined}
            onClick={sync.deadLetters ? () => setDeadOpen(true) : undefined}
          >
            {t('page.pending', { n: sync.pending })}
            {sync.deadLetters ? t('page.deadLetters', { n: sync.deadLetters }) : ''}
          </Tag>
        )}
        {session.managerUnlock && (
          <span style={{ background: 'rgba(255,255,255,0.92)', padding: '0 6px', borderRadius: 4, lineHeight: '30px' }}>
            <ManagerUnlockControl />
          </span>
        )}
        <LanguageSwitch />
        <Button size="small" onClick={() => void run('logout', () => core['session.logout']({}))}>
          {t('page.logout')}
        </Button>
      </Layout.Header>
      <Layout.Content style={{ padding: 12 }}>
        {!connected && <Alert type="warning" showIcon message={t('page.connectionLost')} style={{ marginBottom: 8 }} />}
        {!online && <Alert type="error" showIcon banner style={{ marginBottom: 8 }} data-testid="offline-banner" message={t('page.offlineBanner')} />}
        {error && !error.source.startsWith('decide-') && (
          <Alert
            type="error"
            showIcon
            closable
            onClose={clearError}
            message={error.message}
            description={t('page.errorCode', { code: error.code })}
            style={{ marginBottom: 8 }}
            data-testid="action-error"
          />
        )}
        {notice && <Alert type="info" showIcon closable onClose={() => say(null)} message={notice} style={{ marginBottom: 8 }} data-testid="notice" />}
        <Row gutter={12}>
          <Col xs={24} lg={7}>
            <QueuePanel onRate={rate} />
          </Col>
          <Col xs={24} lg={10}>
            <Space direction="vertical" style={{ width: '100%' }}>
              {result && <ResultCard r={result} onClose={() => setResult(null)} />}
              <IntakeModeSwitch single={<IntakePanel onDone={setResult} />} onDone={setResult} />
            </Space>
          </Col>
          <Col xs={24} lg={7}>
            <CasesPanel />
          </Col>
        </Row>
      </Layout.Content>
      <CaseDrawer />
      <DeadLettersModal open={deadOpen} onClose={() => setDeadOpen(false)} />
    </Layout>
  );
}
