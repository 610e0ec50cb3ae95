import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCounter } from './counterStore';
import { core } from '../../bridge/coreBridge';

export function LoginForm() {
  const { session, busy, error, run } = useCounter();
  const { t } = useTranslation('counter');
  return (
    <Card style={{ maxWidth: 420, margin: '12vh auto' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {session ? t('login.titleWindow', { no: session.windowNo }) : t('login.title')}
      </Typography.Title>
      {error && <Alert type="error" showIcon message={error.message} style={{ marginBottom: 16 }} data-testid="login-error" />}
      <Form layout="vertical" onFinish={(v: { workNo: string; password: string }) => run('login', () => core['session.login'](v))}>
        <Form.Item label={t('login.workNo')} name="workNo" rules={[{ required: true, message: t('login.workNoRequired') }]}>
          <Input size="large" autoFocus autoComplete="username" />
        </Form.Item>
        <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('login.passwordRequired') }]}>
          <Input.Password size="large" autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={busy === 'login'}>
          {t('login.submit')}
        </Button>
      </Form>
    </Card>
  );
}
