// The queue panel: the current ticket with its timers, waiting counts of this window's
// categories, and every clerk operation as a button with an F-key. A disabled button says why.
// Offline (hall server unreachable) the panel switches to walk-in mode: local tickets, synced later.
import { useEffect, useState } from 'react';
import { Button, Card, Input, Modal, Radio, Space, Statistic, Tag, Tooltip, Typography } from 'antd';
import { useCounter } from './counterStore';
import { core } from '../../bridge/coreBridge';
import type { WalkInTicket } from '../../../../domain/contract/core';
import { useNow, clock } from './time';

interface Action {
  key: string;
  fkey: string;
  label: string;
  /** null = enabled; otherwise why it is not. */
  why: string | null;
  run: () => unknown;
  primary?: boolean;
}

export function QueuePanel({ onRate }: { onRate: () => void }) {
  const { queue, session, busy, run, say, sync } = useCounter();
  const now = useNow();
  const [pauseOpen, setPauseOpen] = useState(false);
  const [pauseReason, setPauseReason] = useState('临时离开');
  const [transferOpen, setTransferOpen] = useState(false);
  const [transferTo, setTransferTo] = useState<string>('');
  const [local, setLocal] = useState<WalkInTicket[]>([]);
  const online = Boolean(session?.online && queue?.online);
  const current = queue?.current ?? null;
  const paused = queue?.window?.status === 'paused';
  const called = current?.status === 'called';
  const serving = current?.status === 'serving';
  const off = online ? null : '大厅服务器未连接';

  const refreshLocal = () => void core['queue.localTickets']({}).then(setLocal).catch(() => undefined);
  useEffect(refreshLocal, [online, sync?.pending]);

  const actions: Action[] = [
    { key: 'callNext', fkey: 'F1', label: '叫下一位', primary: true, why: off ?? (paused ? '窗口已暂停，请先恢复服务' : serving ? '请先办结当前号' : null), run: () => run('callNext', () => core['queue.callNext']({})) },
    { key: 'recall', fkey: 'F2', label: '重呼', why: off ?? (called ? null : '没有已呼叫待到的号'), run: () => run('recall', () => core['queue.recall']({})) },
    { key: 'start', fkey: 'F3', label: '开始办理', why: off ?? (called ? null : '没有已呼叫待到的号'), run: () => run('start', () => core['queue.start']({})) },
    { key: 'noShow', fkey: 'F4', label: '过号', why: off ?? (called ? null : '没有已呼叫待到的号'), run: () => run('noShow', () => core['queue.noShow']({})) },
    { key: 'finish', fkey: 'F5', label: '办结本号', why: off ?? (serving ? null : '没有正在办理的号'), run: () => run('finish', () => core['queue.finish']({ outcome: 'served' })) },
    { key: 'suspend', fkey: 'F6', label: '挂起', why: off ?? (current ? null : '没有当前号'), run: () => run('suspend', () => core['queue.suspend']({})) },
    { key: 'transfer', fkey: 'F7', label: '转移', why: off ?? (current ? null : '没有当前号'), run: () => setTransferOpen(true) },
    paused
      ? { key: 'resume', fkey: 'F8', label: '恢复服务', why: off, run: () => run('resume', () => core['queue.resume']({})) }
      : { key: 'pause', fkey: 'F8', label: '暂停服务', why: off ?? (current ? '请先处理完当前号' : null), run: () => setPauseOpen(true) },
    {
      key: 'walkIn', fkey: 'F9', label: online ? '无号办理' : '现场登记（离线）', why: serving ? '请先办结当前号' : null,
      run: () =>
        run('walkIn', async () => {
          const t = await core['queue.walkIn']({});
          if (t && 'synced' in t) say(`离线登记号 ${t.number}：恢复联网后自动同步到大厅服务器`);
          refreshLocal();
        }),
    },
    { key: 'rate', fkey: 'F10', label: '请求评价', why: null, run: onRate },
  ];

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const a = actions.find((x) => x.fkey === e.key);
      if (!a) return;
      e.preventDefault();
      if (!a.why && !busy) void a.run();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const since = (iso: string | null | undefined) => (iso ? clock(now - Date.parse(iso)) : '—');

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title="当前号票" extra={paused ? <Tag color="orange" data-testid="paused-tag">暂停中：{queue?.window?.pauseReason ?? ''}</Tag> : null}>
        <div data-testid="current-ticket" style={{ fontSize: 52, lineHeight: 1.1, fontWeight: 700, letterSpacing: 4, color: current ? '#1458b8' : '#bbb' }}>
          {current?.number ?? '—'}
        </div>
        {current && (
          <Space wrap size={[12, 4]} style={{ marginTop: 6 }}>
            <Tag color={serving ? 'green' : 'blue'}>{serving ? '办理中' : '已呼叫'}</Tag>
            {current.priority !== 'normal' && <Tag color="magenta">优先</Tag>}
            <Typography.Text type="secondary">等候 {since(current.issuedAt)}</Typography.Text>
            {called && <Typography.Text type="secondary" data-testid="timer-called">呼叫后 {since(current.calledAt)}</Typography.Text>}
            {serving && <Typography.Text strong data-testid="timer-serving">办理 {since(current.startedAt)}</Typography.Text>}
            {current.recallCount > 0 && <Typography.Text type="warning">已重呼 {current.recallCount} 次</Typography.Text>}
          </Space>
        )}
      </Card>
      <Card size="small" title="等候人数">
        {online ? (
          <Space wrap size="large">
            {(queue?.categories ?? []).map((c) => (
              <Statistic key={c.code} title={`${c.code} ${c.name}`} value={c.waiting} suffix="人" valueStyle={{ fontSize: 22 }} data-testid={`waiting-${c.code}`} />
            ))}
            {(queue?.categories ?? []).length === 0 && <Typography.Text type="secondary">本窗口未分配业务类别</Typography.Text>}
          </Space>
        ) : (
          <Typography.Text type="warning">离线：无法获取排队人数。请用“现场登记（离线）”为到窗口的群众登记。</Typography.Text>
        )}
      </Card>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(2, 1fr)', gap: 8 }}>
        {actions.map((a) => (
          <Tooltip key={a.key} title={a.why ?? ''}>
            <Button
              size="large"
              block
              type={a.primary ? 'primary' : 'default'}
              disabled={a.why !== null || (busy !== null && busy !== a.key)}
              loading={busy === a.key}
              onClick={() => void a.run()}
              data-testid={`btn-${a.key}`}
              style={{ justifyContent: 'space-between', display: 'flex' }}
            >
              <span>{a.label}</span>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>{a.fkey}</Typography.Text>
            </Button>
          </Tooltip>
        ))}
      </div>
      {local.length > 0 && (
        <Card size="small" title="今日离线登记号" data-testid="local-tickets">
          <Space wrap>
            {local.map((t) => (
              <Tag key={t.id} color={t.synced ? 'green' : 'orange'}>{t.number}{t.synced ? ' 已同步' : ' 待同步'}</Tag>
            ))}
          </Space>
        </Card>
      )}
      <Modal title="暂停服务" open={pauseOpen} okText="暂停" cancelText="取消" onCancel={() => setPauseOpen(false)}
        onOk={() => { setPauseOpen(false); void run('pause', () => core['queue.pause']({ reason: pauseReason })); }}>
        <Radio.Group value={pauseReason} onChange={(e) => setPauseReason(e.target.value as string)}>
          <Space direction="vertical">
            {['临时离开', '业务咨询', '系统故障', '会议培训'].map((r) => <Radio key={r} value={r}>{r}</Radio>)}
          </Space>
        </Radio.Group>
      </Modal>
      <Modal title="转移当前号" open={transferOpen} okText="转移" cancelText="取消" okButtonProps={{ disabled: !transferTo }} onCancel={() => setTransferOpen(false)}
        onOk={() => { setTransferOpen(false); void run('transfer', () => core['queue.transfer']({ category: transferTo })); }}>
        <Typography.Paragraph>转到业务类别（排在队尾）：</Typography.Paragraph>
        <Input value={transferTo} onChange={(e) => setTransferTo(e.target.value.toUpperCase().slice(0, 4))} placeholder="类别代码，如 B" />
      </Modal>
    </Space>
  );
}
