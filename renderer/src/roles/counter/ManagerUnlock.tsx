// Admin actions at the counter (issue 5): the dead letters the hall server rejected, resolvable
// only while a hall manager has unlocked this window. Locked: a 「管理员授权」 button opens a
// 工号 + 密码 dialog. Unlocked: a tag with the manager and the time left, and 「结束授权」.
import { hallFmt } from '../../hooks/hallZone';
import { useCallback, useEffect, useState } from 'react';
import { Button, Form, Input, List, Modal, Space, Tag, Typography, message } from 'antd';
import { useTranslation } from 'react-i18next';
import type { DeadLetter } from '../../../../domain/contract/core';
import { core } from '../../bridge/coreBridge';
import { useCounter } from './counterStore';

function useSecondsLeft(until: string | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!until) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [until]);
  return until ? Math.max(0, Math.ceil((Date.parse(until) - now) / 1000)) : 0;
}

/** The unlock control: 「管理员授权」 when locked; manager + countdown + 「结束授权」 when unlocked. */
export function ManagerUnlockControl() {
  const { t } = useTranslation('counter');
  const unlock = useCounter((s) => s.session?.managerUnlock ?? null);
  const left = useSecondsLeft(unlock?.until ?? null);
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<{ workNo: string; password: string }>();

  const submit = async (v: { workNo: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await core['session.managerUnlock']({ workNo: v.workNo, password: v.password });
      form.resetFields();
      setOpen(false);
    } catch (e) {
      setError((e as { message?: string }).message ?? t('manager.failed'));
    } finally {
      setBusy(false);
    }
  };

  if (unlock && left > 0) {
    return (
      <Space data-testid="manager-unlocked">
        <Tag color="gold">
          {t('manager.unlocked', { name: unlock.name, workNo: unlock.workNo, mm: Math.floor(left / 60), ss: String(left % 60).padStart(2, '0') })}
        </Tag>
        <Button size="small" onClick={() => void core['session.managerLock']({})} data-testid="manager-lock">
          {t('manager.lock')}
        </Button>
      </Space>
    );
  }
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} data-testid="manager-unlock">
        {t('manager.unlock')}
      </Button>
      <Modal
        title={t('manager.title')}
        open={open}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('manager.ok')}
        confirmLoading={busy}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">{t('manager.hint')}</Typography.Paragraph>
        <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
          <Form.Item name="workNo" label={t('manager.workNo')} rules={[{ required: true, message: t('manager.workNoRequired') }]}>
            <Input autoComplete="off" data-testid="manager-workno" />
          </Form.Item>
          <Form.Item name="password" label={t('manager.password')} rules={[{ required: true, message: t('manager.passwordRequired') }]}>
            <Input.Password autoComplete="off" data-testid="manager-password" />
          </Form.Item>
        </Form>
        {error && (
          <Typography.Text type="danger" data-testid="manager-error">
            {error}
          </Typography.Text>
        )}
      </Modal>
    </>
  );
}

/** The rejected sync records; resolving one needs the manager unlock. */
export function DeadLettersModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation('counter');
  const unlocked = useCounter((s) => Boolean(s.session?.managerUnlock) && Date.parse(s.session!.managerUnlock!.until) > Date.now());
  const deadCount = useCounter((s) => s.sync?.deadLetters ?? 0);
  const [letters, setLetters] = useState<DeadLetter[]>([]);
  const [notes, setNotes] = useState<Record<string, string>>({});
  const load = useCallback(async () => setLetters(await core['sync.deadLetters']({ includeResolved: false })), []);
  useEffect(() => {
    if (open) void load().catch(() => undefined);
  }, [open, load, deadCount]);

  const resolve = async (id: string) => {
    const note = (notes[id] ?? '').trim();
    if (!note) return void message.warning(t('manager.noteRequired'));
    try {
      if ((await core['sync.resolveDeadLetter']({ id, note })).resolved) message.success(t('manager.resolved'));
    } catch (e) {
      message.error((e as { message?: string }).message ?? t('manager.failed'));
    }
    await load();
  };

  return (
    <Modal title={t('manager.deadTitle')} open={open} onCancel={onClose} footer={null} width={680}>
      <Space style={{ marginBottom: 8 }}>
        <ManagerUnlockControl />
        {!unlocked && <Typography.Text type="secondary">{t('manager.needUnlock')}</Typography.Text>}
      </Space>
      <List
        dataSource={letters}
        locale={{ emptyText: t('manager.deadEmpty') }}
        renderItem={(d) => (
          <List.Item key={d.id} data-testid="dead-letter">
            <Space direction="vertical" style={{ width: '100%' }}>
              <Typography.Text strong>{d.message}</Typography.Text>
              <Typography.Text type="secondary">{`${d.stream} · ${d.kind} · #${d.seq} · ${hallFmt.full(d.at)} · ${d.code}`}</Typography.Text>
              <Space.Compact style={{ width: '100%' }}>
                <Input
                  placeholder={t('manager.notePlaceholder')}
                  value={notes[d.id] ?? ''}
                  onChange={(e) => setNotes({ ...notes, [d.id]: e.target.value })}
                  maxLength={500}
                  disabled={!unlocked}
                />
                <Button type="primary" disabled={!unlocked} onClick={() => void resolve(d.id)} data-testid="dead-letter-resolve">
                  {t('manager.resolve')}
                </Button>
              </Space.Compact>
            </Space>
          </List.Item>
        )}
      />
    </Modal>
  );
}
