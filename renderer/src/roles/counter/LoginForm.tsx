import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useCounter } from './counterStore';
import { core } from '../../bridge/coreBridge';

export function LoginForm() {
  const { session, busy, error, run } = useCounter();
  return (
    <Card style={{ maxWidth: 420, margin: '12vh auto' }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {session ? `${session.windowNo} 号窗口 · 登录` : '窗口登录'}
      </Typography.Title>
      {error && <Alert type="error" showIcon message={error.message} style={{ marginBottom: 16 }} data-testid="login-error" />}
      <Form layout="vertical" onFinish={(v: { workNo: string; password: string }) => run('login', () => core['session.login'](v))}>
        <Form.Item label="工号" name="workNo" rules={[{ required: true, message: '请输入工号' }]}>
          <Input size="large" autoFocus autoComplete="username" />
        </Form.Item>
        <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
          <Input.Password size="large" autoComplete="current-password" />
        </Form.Item>
        <Button type="primary" htmlType="submit" size="large" block loading={busy === 'login'}>
          登录
        </Button>
      </Form>
    </Card>
  );
}
