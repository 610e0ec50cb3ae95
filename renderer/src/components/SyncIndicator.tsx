// The counter header's sync indicator: online/offline, pending count, last success, a progress
// bar while a large backlog flushes, and the dead-letter count. Clicking the dead-letter badge
// lists what the hall server rejected and lets the clerk resolve each with a note.
// Reads state through the contract only (`sync.status` + the pushed `sync` event).
import { hallFmt } from '../hooks/hallZone';
import { useCallback, useEffect, useState } from 'react';
import { Badge, Button, Input, List, Modal, Progress, Space, Tag, Tooltip, Typography, message } from 'antd';
import type { DeadLetter, SyncStatus } from '../../../domain/contract/core';
import { core, onCoreEvent } from '../bridge/coreBridge';

function ago(iso: string | null): string {
  if (!iso) return '尚未同步';
  const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
  if (s < 60) return `${s} 秒前`;
  if (s < 3600) return `${Math.floor(s / 60)} 分钟前`;
  return hallFmt.full(iso);
}

export function SyncIndicator({ status: given }: { status?: SyncStatus | null }) {
  const [own, setOwn] = useState<SyncStatus | null>(null);
  const [open, setOpen] = useState(false);
  const [letters, setLetters] = useState<DeadLetter[]>([]);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const [, tick] = useState(0);

  useEffect(() => {
    if (given !== undefined) return;
    void core['sync.status']({}).then(setOwn).catch(() => undefined);
    return onCoreEvent('sync', setOwn);
  }, [given]);
  useEffect(() => {
    const t = setInterval(() => tick((n) => n + 1), 15_000);
    return () => clearInterval(t);
  }, []);

  const s = given !== undefined ? given : own;
  const loadLetters = useCallback(async () => setLetters(await core['sync.deadLetters']({ includeResolved: false })), []);
  useEffect(() => {
    if (open) void loadLetters();
  }, [open, loadLetters, s?.deadLetters]);

  if (!s) return <Tag data-testid="sync-indicator">同步状态读取中…</Tag>;
  const resolve = async (id: string) => {
    const note = (notes[id] ?? '').trim();
    if (!note) return void message.warning('请填写处理说明');
    const r = await core['sync.resolveDeadLetter']({ id, note });
    if (r.resolved) message.success('已标记为已处理');
    await loadLetters();
  };
  const backlog = s.backlog && s.backlog.total > 0 ? s.backlog : null;

  return (
    <Space size="small" data-testid="sync-indicator" aria-label="同步状态">
      <Tooltip title={s.lastError ?? (s.online ? '已连接大厅服务器' : '离线：业务照常办理，恢复后自动同步')}>
        <Tag color={s.online ? 'green' : 'orange'} data-testid="sync-online">{s.online ? '在线' : '离线'}</Tag>
      </Tooltip>
      <Typography.Text type={s.pending > 0 ? 'warning' : 'secondary'} data-testid="sync-pending">待同步 {s.pending}</Typography.Text>
      {backlog && (
        <Progress data-testid="sync-progress" style={{ width: 120 }} size="small" percent={Math.floor((backlog.sent / backlog.total) * 100)} format={() => `${backlog.sent}/${backlog.total}`} />
      )}
      <Typography.Text type="secondary" data-testid="sync-last">上次同步：{ago(s.lastSuccessAt)}</Typography.Text>
      {s.clockSkewMs != null && Math.abs(s.clockSkewMs) > 5 * 60_000 && <Tag color="red">本机时钟偏差 {Math.round(s.clockSkewMs / 60_000)} 分钟</Tag>}
      <Badge count={s.deadLetters} size="small" data-testid="sync-dead">
        <Button size="small" danger={s.deadLetters > 0} disabled={s.deadLetters === 0} onClick={() => setOpen(true)}>
          拒收 {s.deadLetters}
        </Button>
      </Badge>
      <Modal title="大厅服务器拒收的记录" open={open} onCancel={() => setOpen(false)} footer={null} width={640}>
        <List
          dataSource={letters}
          locale={{ emptyText: '没有待处理的拒收记录' }}
          renderItem={(d) => (
            <List.Item key={d.id}>
              <Space direction="vertical" style={{ width: '100%' }}>
                <Typography.Text strong>{d.message}</Typography.Text>
                <Typography.Text type="secondary">{`${d.stream === 'case' ? '办件' : d.stream} · ${d.kind} · 序号 ${d.seq} · ${hallFmt.full(d.at)} · ${d.code}`}</Typography.Text>
                <Space.Compact style={{ width: '100%' }}>
                  <Input placeholder="处理说明（如：已重新录入）" value={notes[d.id] ?? ''} onChange={(e) => setNotes({ ...notes, [d.id]: e.target.value })} maxLength={500} />
                  <Button type="primary" onClick={() => void resolve(d.id)}>标记已处理</Button>
                </Space.Compact>
              </Space>
            </List.Item>
          )}
        />
      </Modal>
    </Space>
  );
}
