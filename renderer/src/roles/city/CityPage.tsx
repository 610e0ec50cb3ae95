// City console (#/city), served by the central: a city supervisor's halls (live uplink status,
// drill into one), city-wide and per-hall KPIs with ranking, charts and XLSX, 电子监察 of
// overdue / due-soon cases and overdue 差评 follow-ups, and the catalogue editor.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../components/LanguageSwitch';
import { cityApi, cityToken, CityApiError, errText } from './cityApi';
import { HallsPanel } from './HallsPanel';
import { KpiPanel } from './KpiPanel';
import { SupervisionPanel } from './SupervisionPanel';
import { CataloguePanel } from './CataloguePanel';
import './city.css';

export default function CityPage() {
  const { t } = useTranslation('city');
  const [signedIn, setSignedIn] = useState(() => Boolean(cityToken.get()));
  const [error, setError] = useState<string | null>(null);
  const [tab, setTab] = useState('halls');
  const [hall, setHall] = useState<string | undefined>(undefined);

  const onError = useCallback((e: unknown) => {
    if (e instanceof CityApiError && e.status === 401) {
      cityToken.set(null);
      setSignedIn(false);
    }
    setError(errText(e));
  }, []);

  useEffect(() => {
    document.title = t('title');
  }, [t]);

  if (!signedIn) {
    return (
      <Card style={{ maxWidth: 420, margin: '12vh auto' }}>
        <Typography.Title level={3}>{t('login.title')}</Typography.Title>
        {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} />}
        <Form
          layout="vertical"
          onFinish={async (v: { workNo: string; password: string }) => {
            try {
              const r = await cityApi.login(v.workNo, v.password);
              cityToken.set(r.token);
              setError(null);
              setSignedIn(true);
            } catch (e) {
              setError(errText(e));
            }
          }}
        >
          <Form.Item label={t('login.workNo')} name="workNo" rules={[{ required: true, message: t('login.workNoRequired') }]}>
            <Input size="large" data-testid="city-workno" />
          </Form.Item>
          <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.passwordRequired') }]}>
            <Input.Password size="large" data-testid="city-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" size="large" block data-testid="city-login">
            {t('login.submit')}
          </Button>
        </Form>
      </Card>
    );
  }

  const drill = (hallId: string) => {
    setHall(hallId);
    setTab('kpis');
  };
  return (
    <div className="city">
      <header className="city-header">
        <span className="city-title">{t('title')}</span>
        <span style={{ flex: 1 }} />
        <LanguageSwitch />
        <Button
          size="small"
          onClick={() => {
            void cityApi.logout().finally(() => {
              cityToken.set(null);
              setSignedIn(false);
            });
          }}
        >
          {t('logout')}
        </Button>
      </header>
      {error && <Alert type="error" showIcon closable title={error} onClose={() => setError(null)} style={{ margin: '8px 16px' }} data-testid="city-error" />}
      <Tabs
        activeKey={tab}
        onChange={setTab}
        style={{ padding: '0 16px' }}
        destroyOnHidden
        items={[
          { key: 'halls', label: t('tabs.halls'), children: <HallsPanel onError={onError} onDrill={drill} /> },
          { key: 'kpis', label: t('tabs.kpis'), children: <KpiPanel onError={onError} hall={hall} onHall={setHall} /> },
          { key: 'supervision', label: t('tabs.supervision'), children: <SupervisionPanel onError={onError} /> },
          { key: 'catalogue', label: t('tabs.catalogue'), children: <CataloguePanel onError={onError} /> },
        ]}
      />
    </div>
  );
}
