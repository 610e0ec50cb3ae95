import { Alert, Button, Card, Divider, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCounter } from './counterStore';
import { core } from '../../bridge/coreBridge';

/** Refusals by the duty rota that a hall manager's unlock lifts (server/routes/auth.ts). */
const ROTA_REFUSALS = new Set(['off_rota', 'on_leave', 'a_present', 'window_uncovered', 'unlock_not_manager', 'unlock_bad_credentials']);

interface LoginValues {
  workNo: string;
  password: string;
  managerWorkNo?: string;
  managerPassword?: string;
}

export function LoginForm() {
  const { session, busy, error, run } = useCounter();
  const { t } = useTranslation('counter');
  // The unlock fields appear once the rota refused this sign-in, and stay while the manager tries;
  // left empty, the next try is a plain sign-in (another clerk, e.g. the B, may sign in instead).
  const needsUnlock = error?.source === 'login' && ROTA_REFUSALS.has(error.code);
  const submit = (v: LoginValues) => {
    const unlock = needsUnlock && v.managerWorkNo && v.managerPassword ? { workNo: v.managerWorkNo, password: v.managerPassword } : undefined;
    return run('login', () => core['session.login']({ workNo: v.workNo, password: v.password, ...(unlock ? { unlock } : {}) }));
  };
  return (
    <Card style={{ maxWidth: 420, margin: '12vh auto' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {session ? t('login.titleWindow', { no: session.windowNo }) : t('login.title')}
      </Typography.Title>
      {error && <Alert type="error" showIcon message={error.message} style={{ marginBottom: 16 }} data-testid="login-error" />}
      <Form layout="vertical" onFinish={(v: LoginValues) => submit(v)}>
        <Form.Item label={t('login.workNo')} name="workNo" rules={[{ required: true, message: t('login.workNoRequired') }]}>
          <Input size="large" autoFocus autoComplete="username" />
        </Form.Item>
        <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.passwordRequired') }]}>
          <Input.Password size="large" autoComplete="current-password" />
        </Form.Item>
        {needsUnlock && (
          <div data-testid="rota-unlock">
            <Divider>{t('login.unlockTitle')}</Divider>
            <Typography.Paragraph type="secondary">{t('login.unlockHint')}</Typography.Paragraph>
            <Form.Item label={t('login.managerWorkNo')} name="managerWorkNo">
              <Input autoComplete="off" data-testid="unlock-workno" />
            </Form.Item>
            <Form.Item label={t('login.managerPassword')} name="managerPassword">
              <Input.Password autoComplete="off" data-testid="unlock-password" />
            </Form.Item>
          </div>
        )}
        <Button type="primary" htmlType="submit" size="large" block loading={busy === 'login'} data-testid="login-submit">
          {needsUnlock ? t('login.unlockSubmit') : t('login.submit')}
        </Button>
      </Form>
    </Card>
  );
}
