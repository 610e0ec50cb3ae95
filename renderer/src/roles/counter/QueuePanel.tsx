// The queue panel: the current ticket with its timers, waiting counts of this window's
// categories, and every clerk operation as a button with an F-key. A disabled button says why.
// Offline (hall server unreachable) the panel switches to walk-in mode: local tickets, synced later.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, Input, Modal, Radio, Select, Space, Statistic, Tag, Tooltip, Typography, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { useCounter } from './counterStore';
import { core } from '../../bridge/coreBridge';
import type { WalkInTicket } from '../../../../domain/contract/core';
import { clock } from './time';
import { TicketTrack } from './TicketTrack';
import { useNow } from '../../hooks/useNow';
import { counterActions, type CounterAction } from '../../../../domain/queue/counterActions';
import { transferBody, transferWarning, type TransferTarget } from '../../../../domain/queue/transferTarget';
import { waitedMs } from '../../../../domain/queue/waitTime';
import type { QueueSnapshot } from '../../../../domain/api/hall';
import { hallTime } from '../../../../domain/calendar/hallTime';

interface Action {
  key: string;
  fkey: string;
  label: string;
  /** null = enabled; otherwise why it is not. */
  why: string | null;
  /** Tooltip while enabled, when the label alone does not say everything the key does. */
  hint?: string;
  run: () => unknown;
  primary?: boolean;
}

export function QueuePanel({ onRate }: { onRate: () => void }) {
  const { queue, session, busy, run, say, sync } = useCounter();
  const now = useNow();
  const { t, i18n } = useTranslation('counter');
  // Pause reasons reach the core and the hall board in Chinese whatever the screen language.
  const zh = i18n.getFixedT('zh-CN', 'counter');
  const reasonKeys = ['away', 'enquiry', 'fault', 'meeting'] as const;
  const [pauseOpen, setPauseOpen] = useState(false);
  const [pauseReason, setPauseReason] = useState(() => zh('queue.pauseReasons.away'));
  const suspendKeys = ['materials', 'copy', 'payment', 'consult'] as const;
  const [suspendOpen, setSuspendOpen] = useState(false);
  const [suspendReason, setSuspendReason] = useState(() => zh('queue.suspendReasons.materials'));
  const [transferOpen, setTransferOpen] = useState(false);
  const [hall, setHall] = useState<QueueSnapshot | null>(null);
  const [tKind, setTKind] = useState<TransferTarget['kind']>('category');
  const [tCategory, setTCategory] = useState<string | undefined>(undefined);
  const [tWindow, setTWindow] = useState<number | undefined>(undefined);
  const [tClerk, setTClerk] = useState<string | undefined>(undefined);
  const [tReason, setTReason] = useState('');
  const [keepPlace, setKeepPlace] = useState(true);
  const [transferError, setTransferError] = useState<string | null>(null);
  // 过号 and 办结本号 end a citizen's turn: asked once more (Enter confirms, Esc cancels).
  const [confirming, setConfirming] = useState<null | 'noShow' | 'finish'>(null);
  const [local, setLocal] = useState<WalkInTicket[]>([]);
  const online = Boolean(session?.online && queue?.online);
  const current = queue?.current ?? null;
  const paused = queue?.window?.status === 'paused';
  const called = current?.status === 'called';
  const serving = current?.status === 'serving';

  const refreshLocal = () =>
    void core['queue.localTickets']({})
      .then(setLocal)
      .catch(() => undefined);
  useEffect(refreshLocal, [online, sync?.pending]);

  // One rule (domain/queue/counterActions) decides what is allowed; here only labels and runs.
  const rule = counterActions({ ticket: current?.status ?? null, window: queue?.window?.status ?? null, online });
  const why = (k: CounterAction) => (rule.why[k] ? t(`queue.why.${rule.why[k]}`) : null);
  const suspended = online ? (queue?.suspended ?? []) : [];
  // Calling one back takes the window like 叫下一位 does, so the same rule says when it may.
  const callBackWhy = why('callNext');
  const callBack = (ticketId: string) => run('callBack', () => core['queue.callBack']({ ticketId }));
  // F6: 挂起 while a citizen is at the window; with the window idle, call back the earliest one.
  const f6CallsBack = !current && suspended.length > 0;
  const actions: Action[] = [
    {
      key: 'callNext',
      fkey: 'F1',
      primary: true,
      why: why('callNext'),
      label: rule.callNextFinishesCurrent ? t('queue.finishAndCallNext') : t('queue.callNext'),
      hint: rule.callNextFinishesCurrent ? t('queue.finishAndCallNextHint') : undefined,
      run: () => run('callNext', () => core['queue.callNext']({})),
    },
    { key: 'recall', fkey: 'F2', label: t('queue.recall'), why: why('recall'), run: () => run('recall', () => core['queue.recall']({})) },
    { key: 'start', fkey: 'F3', label: t('queue.start'), why: why('start'), run: () => run('start', () => core['queue.start']({})) },
    { key: 'noShow', fkey: 'F4', label: t('queue.noShow'), why: why('noShow'), run: () => setConfirming('noShow') },
    { key: 'finish', fkey: 'F5', label: t('queue.finish'), why: why('finish'), run: () => setConfirming('finish') },
    f6CallsBack
      ? {
          key: 'callBack',
          fkey: 'F6',
          label: t('queue.callBackF6', { number: suspended[0]!.number }),
          why: callBackWhy,
          hint: t('queue.callBackHint'),
          run: () => callBack(suspended[0]!.id),
        }
      : { key: 'suspend', fkey: 'F6', label: t('queue.suspend'), why: why('suspend'), run: () => setSuspendOpen(true) },
    { key: 'transfer', fkey: 'F7', label: t('queue.transfer'), why: why('transfer'), run: () => openTransfer() },
    paused
      ? { key: 'resume', fkey: 'F8', label: t('queue.resume'), why: why('resume'), run: () => run('resume', () => core['queue.resume']({})) }
      : { key: 'pause', fkey: 'F8', label: t('queue.pause'), why: why('pause'), run: () => setPauseOpen(true) },
    {
      key: 'walkIn',
      fkey: 'F9',
      label: rule.walkInOffline ? t('queue.walkInOffline') : t('queue.walkIn'),
      why: why('walkIn'),
      run: () =>
        run('walkIn', async () => {
          const tk = await core['queue.walkIn']({});
          if (tk && 'synced' in tk) say(t('queue.walkInNotice', { number: tk.number }));
          refreshLocal();
        }),
    },
    { key: 'rate', fkey: 'F10', label: t('queue.rate'), why: null, run: onRate },
  ];

  const openTransfer = () => {
    setTransferError(null);
    setTCategory(current?.category);
    setTransferOpen(true);
    // The hall's categories, windows and clerks now: the lists and the "nobody serves it" warning.
    void core['queue.hall']({})
      .then(setHall)
      .catch(() => setHall(null));
  };
  const target: TransferTarget | null = !tCategory
    ? null
    : tKind === 'category'
      ? { kind: 'category', category: tCategory }
      : tKind === 'window'
        ? tWindow
          ? { kind: 'window', windowNo: tWindow, category: tCategory }
          : null
        : tClerk
          ? { kind: 'clerk', workNo: tClerk, category: tCategory }
          : null;
  const warning = target && hall ? transferWarning(hall, target, queue?.window?.no) : null;
  const doTransfer = async () => {
    if (!target) return;
    setTransferError(null);
    await run('transfer', () =>
      core['queue.transfer']({ ...transferBody(target), reason: tReason.trim() || zh('queue.transferDefaultReason'), position: keepPlace ? 'keep' : 'tail' }),
    );
    // The dialog stays open on an error (the clerk fixes the target instead of starting over).
    const err = useCounter.getState().error;
    if (err?.source === 'transfer') {
      setTransferError(err.message);
      useCounter.getState().clearError();
    } else setTransferOpen(false);
  };
  const confirmEnd = () => {
    const what = confirming;
    setConfirming(null);
    if (what === 'noShow') void run('noShow', () => core['queue.noShow']({}));
    if (what === 'finish') void run('finish', () => core['queue.finish']({ outcome: 'served' }));
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // While a dialog is open the F-keys belong to it, not to the queue.
      if (confirming || transferOpen || pauseOpen || suspendOpen) return;
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
      <Card
        size="small"
        title={t('queue.currentTitle')}
        extra={
          paused ? (
            <Tag color="orange" data-testid="paused-tag">
              {t('queue.pausedTag', { reason: queue?.window?.pauseReason ?? '' })}
            </Tag>
          ) : null
        }
      >
        <div data-testid="current-ticket" style={{ fontSize: 52, lineHeight: 1.1, fontWeight: 700, letterSpacing: 4, color: current ? '#1458b8' : '#bbb' }}>
          {current?.number ?? '—'}
        </div>
        {current && (
          <Space wrap size={[12, 4]} style={{ marginTop: 6 }}>
            <Tag color={serving ? 'green' : 'blue'}>{serving ? t('queue.serving') : t('queue.called')}</Tag>
            {current.priority !== 'normal' && <Tag color="magenta">{t('queue.priority')}</Tag>}
            <Typography.Text type="secondary" data-testid="timer-waited">
              {t('queue.waited', { t: clock(waitedMs(current, now)) })}
            </Typography.Text>
            {called && (
              <Typography.Text type="secondary" data-testid="timer-called">
                {t('queue.sinceCalled', { t: since(current.calledAt) })}
              </Typography.Text>
            )}
            {serving && (
              <Typography.Text strong data-testid="timer-serving">
                {t('queue.servingFor', { t: since(current.startedAt) })}
              </Typography.Text>
            )}
            {current.recallCount > 0 && <Typography.Text type="warning">{t('queue.recalled', { n: current.recallCount })}</Typography.Text>}
            <TicketTrack key={current.id} ticketId={current.id} />
          </Space>
        )}
        {/* Said on screen, not only in F1's tooltip: the clerk must say whether the citizen came. */}
        {rule.why.callNext === 'notArrived' && (
          <Typography.Paragraph type="warning" style={{ margin: '6px 0 0' }} data-testid="called-hint">
            {t('queue.why.notArrived')}
          </Typography.Paragraph>
        )}
      </Card>
      <Card size="small" title={t('queue.waitingTitle')}>
        {online ? (
          <Space wrap size="large">
            {(queue?.categories ?? []).map((c) => (
              <Statistic
                key={c.code}
                title={`${c.code} ${c.name}`}
                value={c.waiting}
                suffix={t('queue.people')}
                valueStyle={{ fontSize: 22 }}
                data-testid={`waiting-${c.code}`}
              />
            ))}
            {(queue?.categories ?? []).length === 0 && <Typography.Text type="secondary">{t('queue.noCategories')}</Typography.Text>}
          </Space>
        ) : (
          <Typography.Text type="warning">{t('queue.offlineWaiting')}</Typography.Text>
        )}
      </Card>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(2, 1fr)', gap: 8 }}>
        {actions.map((a) => (
          <Tooltip key={a.key} title={a.why ?? a.hint ?? ''}>
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
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {a.fkey}
              </Typography.Text>
            </Button>
          </Tooltip>
        ))}
      </div>
      {suspended.length > 0 && (
        <Card size="small" title={t('queue.suspendedTitle', { n: suspended.length })} data-testid="suspended-list">
          <Space direction="vertical" style={{ width: '100%' }}>
            {suspended.map((st) => (
              <div key={st.id} data-testid={`suspended-${st.number}`} style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
                <Typography.Text strong style={{ fontSize: 18, minWidth: 64 }}>
                  {st.number}
                </Typography.Text>
                <Tag color="orange">{st.reason ?? t('queue.suspend')}</Tag>
                <Typography.Text type="secondary" style={{ flex: 1 }}>
                  {t('queue.suspendedAt', { time: hallTime(st.suspendedAt, queue?.timeZone).time })}
                </Typography.Text>
                <Tooltip title={callBackWhy ?? ''}>
                  <Button
                    size="small"
                    type="primary"
                    ghost
                    disabled={callBackWhy !== null || busy !== null}
                    onClick={() => void callBack(st.id)}
                    data-testid={`callback-${st.number}`}
                  >
                    {t('queue.callBack')}
                  </Button>
                </Tooltip>
              </div>
            ))}
          </Space>
        </Card>
      )}
      {local.length > 0 && (
        <Card size="small" title={t('queue.localTitle')} data-testid="local-tickets">
          <Space wrap>
            {local.map((lt) => (
              <Tag key={lt.id} color={lt.synced ? 'green' : 'orange'}>
                {lt.number}
                {lt.synced ? t('queue.synced') : t('queue.unsynced')}
              </Tag>
            ))}
          </Space>
        </Card>
      )}
      <Modal
        title={t('queue.pauseTitle')}
        open={pauseOpen}
        okText={t('queue.pauseOk')}
        cancelText={t('queue.cancel')}
        onCancel={() => setPauseOpen(false)}
        onOk={() => {
          setPauseOpen(false);
          void run('pause', () => core['queue.pause']({ reason: pauseReason }));
        }}
      >
        <Radio.Group value={pauseReason} onChange={(e) => setPauseReason(e.target.value as string)}>
          <Space direction="vertical">
            {reasonKeys.map((k) => (
              <Radio key={k} value={zh(`queue.pauseReasons.${k}`)}>
                {t(`queue.pauseReasons.${k}`)}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      </Modal>
      <Modal
        title={t('queue.suspendTitle')}
        open={suspendOpen}
        okText={t('queue.suspendOk')}
        cancelText={t('queue.cancel')}
        onCancel={() => setSuspendOpen(false)}
        okButtonProps={{ 'data-testid': 'suspend-ok' } as ButtonProps}
        onOk={() => {
          setSuspendOpen(false);
          void run('suspend', () => core['queue.suspend']({ reason: suspendReason }));
        }}
      >
        <Typography.Paragraph type="secondary">{t('queue.suspendHint')}</Typography.Paragraph>
        <Radio.Group value={suspendReason} onChange={(e) => setSuspendReason(e.target.value as string)}>
          <Space direction="vertical">
            {suspendKeys.map((k) => (
              <Radio key={k} value={zh(`queue.suspendReasons.${k}`)}>
                {t(`queue.suspendReasons.${k}`)}
              </Radio>
            ))}
          </Space>
        </Radio.Group>
      </Modal>
      <Modal
        title={
          confirming === 'noShow' ? t('queue.confirmNoShow', { number: current?.number ?? '' }) : t('queue.confirmFinish', { number: current?.number ?? '' })
        }
        open={confirming !== null}
        okText={t('queue.confirmOk')}
        cancelText={t('queue.cancel')}
        onCancel={() => setConfirming(null)}
        onOk={confirmEnd}
        okButtonProps={{ autoFocus: true, 'data-testid': 'confirm-ok' } as never}
        destroyOnClose
      >
        <Typography.Paragraph>{confirming === 'noShow' ? t('queue.confirmNoShowText') : t('queue.confirmFinishText')}</Typography.Paragraph>
      </Modal>
      <Modal
        title={t('queue.transferTitle', { number: current?.number ?? '' })}
        open={transferOpen}
        okText={t('queue.transferOk')}
        cancelText={t('queue.cancel')}
        okButtonProps={{ disabled: !target, loading: busy === 'transfer', 'data-testid': 'transfer-ok' } as never}
        onCancel={() => setTransferOpen(false)}
        onOk={() => void doTransfer()}
        destroyOnClose
      >
        <Space direction="vertical" style={{ width: '100%' }} data-testid="transfer-dialog">
          <Radio.Group
            value={tKind}
            onChange={(e) => setTKind(e.target.value as TransferTarget['kind'])}
            optionType="button"
            buttonStyle="solid"
            data-testid="transfer-kind"
          >
            <Radio value="category">{t('queue.transferToCategory')}</Radio>
            <Radio value="window">{t('queue.transferToWindow')}</Radio>
            <Radio value="clerk">{t('queue.transferToClerk')}</Radio>
          </Radio.Group>
          <Select
            style={{ width: '100%' }}
            value={tCategory}
            onChange={(v: string) => setTCategory(v)}
            placeholder={t('queue.transferCategory')}
            data-testid="transfer-category"
            options={(hall?.categories ?? queue?.categories ?? []).map((c) => ({ value: c.code, label: `${c.code} ${c.name}` }))}
          />
          {tKind === 'window' && (
            <Select
              style={{ width: '100%' }}
              value={tWindow}
              onChange={(v: number) => setTWindow(v)}
              placeholder={t('queue.transferWindow')}
              data-testid="transfer-window"
              options={(hall?.windows ?? [])
                .filter((w) => w.no !== queue?.window?.no)
                .map((w) => ({ value: w.no, label: `${w.name}${w.clerk ? ` · ${w.clerk.name}` : ''} · ${t(`queue.windowStatus.${w.status}`)}` }))}
            />
          )}
          {tKind === 'clerk' && (
            <Select
              style={{ width: '100%' }}
              value={tClerk}
              onChange={(v: string) => setTClerk(v)}
              placeholder={t('queue.transferClerk')}
              data-testid="transfer-clerk"
              showSearch
              options={(hall?.windows ?? [])
                .filter((w) => w.clerk && w.no !== queue?.window?.no)
                .map((w) => ({ value: w.clerk!.workNo, label: `${w.clerk!.name}（${w.clerk!.workNo}）· ${w.name}` }))}
            />
          )}
          <Input
            value={tReason}
            onChange={(e) => setTReason(e.target.value)}
            maxLength={100}
            placeholder={t('queue.transferReason')}
            data-testid="transfer-reason"
          />
          <Checkbox checked={keepPlace} onChange={(e) => setKeepPlace(e.target.checked)} data-testid="transfer-keep">
            {t('queue.transferKeepPlace')}
          </Checkbox>
          {warning && <Alert type="warning" showIcon message={t(`queue.transferWarn.${warning.code}`, warning)} data-testid="transfer-warning" />}
          {transferError && <Alert type="error" showIcon message={transferError} data-testid="transfer-error" />}
        </Space>
      </Modal>
    </Space>
  );
}
