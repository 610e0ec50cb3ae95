// Hall manager console: sign in, then the live board of every window, category assignment by
// drag and drop, ordering rules with a preview, statistics, case deadlines and 差评 follow-up.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { followHall, hallClient, saveToken } from '../../bridge/hallBridge';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { setHallZone } from '../../hooks/hallZone';
import type { QueueSnapshot } from '../../../../domain/api/hall';
import { LiveBoard } from './LiveBoard';
import type { WindowDeviceHealth } from '../../../../domain/api/deviceHealth';
import { AssignmentBoard } from './AssignmentBoard';
import { RulesPanel } from './RulesPanel';
import { DisplaySettingsPanel } from './DisplaySettingsPanel';
import { SmsSettingsPanel } from './SmsSettingsPanel';
import { StatsPanel } from './StatsPanel';
import { CasesPanel } from './CasesPanel';
import { FollowUpsPanel } from './FollowUpsPanel';
import { AdminPanel } from './AdminPanel';
import { RotaPanel } from './RotaPanel';
import { DevicesPanel } from './DevicesPanel';
import { ProblemLedgerPanel } from './ProblemLedgerPanel';
import { ProxyPanel } from './ProxyPanel';
import { UplinkTile } from './UplinkTile';
import { errText, managerApi, type SyncDevice } from './managerApi';
import './manager.css';

export default function ManagerPage() {
  const { t } = useTranslation('manager');
  const [signedIn, setSignedIn] = useState(() => Boolean(hallClient('manager').token));
  const [snap, setSnap] = useState<QueueSnapshot | null>(null);
  const [sync, setSync] = useState<SyncDevice[]>([]);
  const [health, setHealth] = useState<WindowDeviceHealth[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [connected, setConnected] = useState(true);
  const [tab, setTab] = useState('board');

  const refresh = useCallback(async () => {
    try {
      const s = await hallClient('manager').queue();
      setHallZone(s.hall.timeZone);
      setSnap(s);
      setSync(await managerApi.syncDevices().catch(() => []));
      setHealth(await managerApi.deviceHealth().catch(() => []));
    } catch (e) {
      const err = e as Error & { status?: number };
      if (err.status === 401) {
        saveToken('manager', null);
        setSignedIn(false);
      }
      setError(errText(e));
    }
  }, []);
  const onError = useCallback((m: string) => setError(m), []);

  useEffect(() => {
    if (!signedIn) return;
    void refresh();
    return followHall(
      'manager',
      () => void refresh(),
      (c) => {
        setConnected(c);
        if (c) void refresh();
      },
    );
  }, [signedIn, refresh]);

  if (!signedIn) {
    return (
      <Card style={{ maxWidth: 420, margin: '12vh auto' }}>
        <Typography.Title level={3}>{t('login.title')}</Typography.Title>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form
          layout="vertical"
          onFinish={async (v: { workNo: string; password: string }) => {
            try {
              const c = hallClient('manager');
              const r = await c.login(v.workNo, v.password);
              if (r.role !== 'manager') {
                c.token = null;
                throw new Error(t('login.notManager'));
              }
              saveToken('manager', r.token);
              setError(null);
              setSignedIn(true);
            } catch (e) {
              setError(errText(e));
            }
          }}
        >
          <Form.Item label={t('login.workNo')} name="workNo" rules={[{ required: true, message: t('login.workNoRequired') }]}>
            <Input size="large" />
          </Form.Item>
          <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password size="large" />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block>
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    );
  }

  const version = snap?.version ?? 0;
  return (
    <div className="mgr">
      <header className="mgr-header">
        <span className="mgr-title">
          {snap?.hall.name} · {t('title')}
        </span>
        <span className={`mgr-conn ${connected ? 'on' : 'off'}`}>{connected ? t('live') : t('reconnecting')}</span>
        <span style={{ flex: 1 }} />
        <UplinkTile version={version} />
        <LanguageSwitch />
        <Button
          size="small"
          onClick={() => {
            void hallClient('manager')
              .logout()
              .finally(() => {
                saveToken('manager', null);
                setSignedIn(false);
              });
          }}
        >
          {t('logout')}
        </Button>
      </header>
      {error && (
        <Alert type="error" showIcon closable title={error} onClose={() => setError(null)} style={{ margin: '8px 16px' }} data-testid="manager-error" />
      )}
      {snap && (
        <Tabs
          activeKey={tab}
          onChange={setTab}
          style={{ padding: '0 16px' }}
          destroyOnHidden
          items={[
            {
              key: 'board',
              label: t('tabs.board'),
              children: <LiveBoard snap={snap} sync={sync} health={health} onError={onError} onDone={() => void refresh()} />,
            },
            { key: 'assign', label: t('tabs.assign'), children: <AssignmentBoard snap={snap} onError={onError} onDone={() => void refresh()} /> },
            { key: 'rules', label: t('tabs.rules'), children: <RulesPanel snap={snap} onError={onError} /> },
            {
              key: 'display',
              label: t('display:settings.tab'),
              children: (
                <>
                  <DisplaySettingsPanel onError={onError} />
                  <SmsSettingsPanel onError={onError} />
                </>
              ),
            },
            { key: 'stats', label: t('tabs.stats'), children: <StatsPanel onError={onError} version={version} /> },
            { key: 'cases', label: t('tabs.cases'), children: <CasesPanel onError={onError} version={version} /> },
            { key: 'follow', label: t('tabs.follow'), children: <FollowUpsPanel onError={onError} version={version} /> },
            { key: 'ledger', label: t('practices:tabs.ledger'), children: <ProblemLedgerPanel onError={onError} version={version} /> },
            { key: 'proxy', label: t('practices:tabs.proxy'), children: <ProxyPanel onError={onError} version={version} /> },
            { key: 'admin', label: t('tabs.admin'), children: <AdminPanel onError={onError} version={version} /> },
            { key: 'rota', label: t('rota.tab'), children: <RotaPanel onError={onError} /> },
            { key: 'devices', label: t('devices.tab'), children: <DevicesPanel onError={onError} version={version} /> },
          ]}
        />
      )}
    </div>
  );
}
