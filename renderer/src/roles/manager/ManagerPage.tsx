// Hall manager console (skeleton): sign in, then the live board of every window.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Table, Tag, Typography } from 'antd';
import { followHall, hallClient, saveToken } from '../../bridge/hallBridge';
import type { QueueSnapshot, WindowView } from '../../../../domain/api/hall';

const STATUS: Record<string, { label: string; color: string }> = {
  open: { label: '空闲', color: 'green' },
  serving: { label: '服务中', color: 'blue' },
  paused: { label: '暂停', color: 'orange' },
  closed: { label: '关闭', color: 'default' },
};

export default function ManagerPage() {
  const [signedIn, setSignedIn] = useState(() => Boolean(hallClient('manager').token));
  const [snap, setSnap] = useState<QueueSnapshot | null>(null);
  const [error, setError] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      setSnap(await hallClient('manager').queue());
    } catch (e) {
      setError((e as Error).message);
    }
  }, []);

  useEffect(() => {
    if (!signedIn) return;
    return followHall('manager', () => void refresh());
  }, [signedIn, refresh]);

  if (!signedIn) {
    return (
      <Card style={{ maxWidth: 420, margin: '12vh auto' }}>
        <Typography.Title level={3}>大厅管理 · 登录</Typography.Title>
        {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={async (v: { workNo: string; password: string }) => {
          try {
            const r = await hallClient('manager').login(v.workNo, v.password);
            if (r.role !== 'manager') throw new Error('该账号不是大厅管理员');
            saveToken('manager', r.token);
            setSignedIn(true);
          } catch (e) {
            setError((e as Error).message);
          }
        }}>
          <Form.Item label="工号" name="workNo" rules={[{ required: true, message: '请输入工号' }]}><Input size="large" /></Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}><Input.Password size="large" /></Form.Item>
          <Button type="primary" htmlType="submit" size="large" block>登录</Button>
        </Form>
      </Card>
    );
  }

  return (
    <div style={{ padding: 24 }}>
      <Typography.Title level={3}>{snap?.hall.name} · 窗口实时状态</Typography.Title>
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Table<WindowView> rowKey="no" dataSource={snap?.windows ?? []} pagination={false} data-testid="manager-board"
        columns={[
          { title: '窗口', dataIndex: 'no', render: (n: number, w) => `${n} 号 ${w.name}` },
          { title: '状态', dataIndex: 'status', render: (s: string, w) => <Tag color={STATUS[s]?.color}>{STATUS[s]?.label ?? s}{w.pauseReason ? `（${w.pauseReason}）` : ''}</Tag> },
          { title: '工作人员', render: (_: unknown, w) => (w.clerk ? `${w.clerk.name}（${w.clerk.workNo}）` : '—') },
          { title: '当前号票', render: (_: unknown, w) => w.current?.number ?? '—' },
          { title: '业务类别', render: (_: unknown, w) => w.categories.map((c) => <Tag key={c.category}>{c.category}×{c.weight}</Tag>) },
        ]} />
    </div>
  );
}
