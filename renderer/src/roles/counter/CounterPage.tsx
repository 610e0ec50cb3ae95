import { useEffect } from 'react';
import { Alert, Button, Layout, Space, Tag, Typography } from 'antd';
import { startCounterSync, useCounter } from './counterStore';
import { LoginForm } from './LoginForm';
import { QueuePanel } from './QueuePanel';
import { core } from '../../bridge/coreBridge';
import { LanguageSwitch } from '../../components/LanguageSwitch';

export default function CounterPage() {
  const { connected, session, sync, run } = useCounter();
  useEffect(() => startCounterSync(), []);
  if (!session?.clerk) return <LoginForm />;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ background: '#1458b8', display: 'flex', alignItems: 'center', gap: 16 }}>
        <Typography.Title level={4} style={{ color: '#fff', margin: 0 }}>
          {session.windowNo} 号窗口
        </Typography.Title>
        <Typography.Text style={{ color: '#fff' }} data-testid="clerk-name">
          {session.clerk.name}（{session.clerk.workNo}）
        </Typography.Text>
        <span style={{ flex: 1 }} />
        <Tag color={session.online ? 'green' : 'red'} data-testid="online-tag">{session.online ? '在线' : '离线'}</Tag>
        {sync && <Tag data-testid="sync-tag">待同步 {sync.pending}{sync.deadLetters ? ` · 失败 ${sync.deadLetters}` : ''}</Tag>}
        <LanguageSwitch />
        <Button size="small" onClick={() => run('logout', () => core['session.logout']({}))}>退出</Button>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        {!connected && <Alert type="warning" showIcon message="与本机服务的连接已断开，正在重新连接…" style={{ marginBottom: 16 }} />}
        {!session.online && <Alert type="error" showIcon banner message="大厅服务器无法连接：已切换为离线模式，叫号暂不可用，办件与评价将在恢复后自动同步" style={{ marginBottom: 16 }} data-testid="offline-banner" />}
        <Space direction="vertical" style={{ width: '100%' }}>
          <QueuePanel />
        </Space>
      </Layout.Content>
    </Layout>
  );
}
