// Every window at a glance, built for 60+ windows at the morning peak: one compact card per
// window (status colour, clerk, current ticket and its running service time, pause reason),
// the hall totals on top, the longest waits flagged, and each window's actions in its menu.
import { hallFmt } from '../../hooks/hallZone';
import { hallTime } from '../../../../domain/calendar/hallTime';
import { useState } from 'react';
import { Button, Dropdown, Input, Modal, Table, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QueueSnapshot, WindowView } from '../../../../domain/api/hall';
import { errText, managerApi, type SyncDevice } from './managerApi';
import { useNow } from '../../hooks/useNow';
import { DEVICE_KINDS, type WindowDeviceHealth } from '../../../../domain/api/deviceHealth';

const DEVICE_COLOR: Record<string, string> = { ok: '#2e9d5b', offline: '#d4880f', error: '#d23f31', absent: '#c3cad3' };

export const STATUS_COLOR: Record<string, string> = { open: '#2e9d5b', serving: '#1458b8', paused: '#d4880f', closed: '#8c96a3' };
const LONG_SERVICE_MS = 20 * 60_000;

/** Running times on the board: m:ss, minutes unbounded (a 90-minute wait reads 90:00). */
function mmss(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export function LiveBoard({
  snap,
  sync,
  health,
  onError,
  onDone,
}: {
  snap: QueueSnapshot;
  sync: SyncDevice[];
  health: WindowDeviceHealth[];
  onError: (m: string) => void;
  onDone: () => void;
}) {
  const { t } = useTranslation('manager');
  const now = useNow();
  const [pauseFor, setPauseFor] = useState<WindowView | null>(null);
  const [takeoverFor, setTakeoverFor] = useState<WindowView | null>(null);
  const [text, setText] = useState('');

  const counts = { open: 0, serving: 0, paused: 0, closed: 0 } as Record<string, number>;
  for (const w of snap.windows) counts[w.status] = (counts[w.status] ?? 0) + 1;
  const waiting = snap.categories.reduce((n, c) => n + c.waiting, 0);
  const oldest = snap.waiting?.[0];
  const longestWait = (snap.waiting ?? []).reduce((m, tk) => Math.max(m, now - Date.parse(tk.issuedAt)), 0);

  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      onDone();
    } catch (e) {
      onError(errText(e));
    }
  };

  const menu = (w: WindowView) => ({
    items: [
      { key: 'open', label: t('actions.open'), disabled: w.status !== 'closed' },
      { key: 'pause', label: t('actions.pause'), disabled: w.status === 'closed' || w.status === 'paused' },
      { key: 'resume', label: t('actions.resume'), disabled: w.status !== 'paused' },
      { key: 'close', label: t('actions.close'), disabled: w.status === 'closed', danger: true },
      { key: 'takeover', label: t('actions.takeover') },
    ],
    onClick: ({ key }: { key: string }) => {
      if (key === 'pause') return (setText(''), setPauseFor(w));
      if (key === 'takeover') return (setText(''), setTakeoverFor(w));
      void act(() => managerApi.windowAction(w.no, key));
    },
  });

  return (
    <div data-testid="manager-board">
      <div className="mgr-summary">
        {(['serving', 'open', 'paused', 'closed'] as const).map((s) => (
          <div className="mgr-kpi" key={s} style={{ borderColor: STATUS_COLOR[s] }}>
            <div className="v" style={{ color: STATUS_COLOR[s] }}>
              {counts[s] ?? 0}
            </div>
            <div className="k">{t(`status.${s}`)}</div>
          </div>
        ))}
        <div className="mgr-kpi">
          <div className="v" data-testid="mgr-waiting-total">
            {waiting}
          </div>
          <div className="k">{t('board.waiting')}</div>
        </div>
        <div className={`mgr-kpi${longestWait > 30 * 60_000 ? ' alarm' : ''}`}>
          <div className="v">{oldest ? mmss(longestWait) : '—'}</div>
          <div className="k">
            {t('board.longestWait')}
            {oldest ? ` (${oldest.number})` : ''}
          </div>
        </div>
        {snap.categories.map((c) => (
          <div className="mgr-kpi small" key={c.code}>
            <div className="v">{c.waiting}</div>
            <div className="k">
              {c.code} {c.name}
            </div>
          </div>
        ))}
      </div>
      {longestWait > 30 * 60_000 && (
        <div className="mgr-alarm" role="alert">
          {t('board.openMore')}
        </div>
      )}
      <div className="mgr-grid">
        {snap.windows.map((w) => {
          const cur = w.current;
          const since = cur ? Date.parse(cur.startedAt ?? cur.calledAt ?? cur.issuedAt) : null;
          const running = since ? now - since : 0;
          return (
            <div className={`mgr-win ${w.status}`} key={w.no} style={{ borderLeftColor: STATUS_COLOR[w.status] }} data-testid={`mgr-win-${w.no}`}>
              <div className="row1">
                <span className="no">{w.no}</span>
                <Tag color={STATUS_COLOR[w.status]} data-testid={`mgr-win-status-${w.no}`}>
                  {t(`status.${w.status}`)}
                </Tag>
                <Dropdown menu={menu(w)} trigger={['click']}>
                  <Button size="small" type="text" data-testid={`mgr-win-menu-${w.no}`}>
                    ⋯
                  </Button>
                </Dropdown>
              </div>
              <div className="clerk">{w.clerk ? `${w.clerk.name} · ${w.clerk.workNo}` : t('board.noClerk')}</div>
              {cur ? (
                <div className={`cur${running > LONG_SERVICE_MS ? ' long' : ''}`}>
                  <b>{cur.number}</b>{' '}
                  <span>
                    {cur.status === 'called' ? t('board.called') : t('board.serving')} {mmss(running)}
                  </span>
                </div>
              ) : w.status === 'paused' ? (
                <div className="cur paused">{w.pauseReason ?? t('status.paused')}</div>
              ) : (
                <div className="cur idle">—</div>
              )}
              {/* 挂起: citizens who stepped away and wait to be called back at this window. */}
              {(snap.suspended ?? []).some((x) => x.windowNo === w.no) && (
                <div className="suspended" data-testid={`mgr-suspended-${w.no}`}>
                  {(snap.suspended ?? [])
                    .filter((x) => x.windowNo === w.no)
                    .map((x) => (
                      <Tooltip key={x.id} title={t('board.suspendedAt', { time: hallTime(x.suspendedAt, snap.hall.timeZone).time })}>
                        <Tag color="orange">{t('board.suspended', { number: x.number, reason: x.reason ?? '' })}</Tag>
                      </Tooltip>
                    ))}
                </div>
              )}
              <DeviceDots no={w.no} health={health.find((h) => h.windowNo === w.no)} sync={sync.find((d) => d.deviceId.startsWith(`W${w.no}-`))} />
              <div className="cats">
                {w.categories.map((c) => (
                  <Tooltip key={c.category} title={t('board.weight', { w: c.weight })}>
                    <span className="cat">
                      {c.category}×{c.weight}
                    </span>
                  </Tooltip>
                ))}
              </div>
            </div>
          );
        })}
      </div>

      <h3 className="mgr-h3">{t('board.syncTitle')}</h3>
      <Table<SyncDevice>
        size="small"
        rowKey="deviceId"
        dataSource={sync}
        pagination={false}
        locale={{ emptyText: t('board.syncEmpty') }}
        columns={[
          { title: t('board.device'), dataIndex: 'deviceId', render: (d: string) => d.slice(0, 13) },
          { title: t('board.lastPush'), dataIndex: 'lastPushAt', render: (v: string | null) => (v ? hallFmt.clock(v) : '—') },
          { title: t('board.accepted'), dataIndex: 'accepted' },
          { title: t('board.rejected'), dataIndex: 'rejected', render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0) },
          {
            title: t('board.clock'),
            render: (_: unknown, d) =>
              d.clockSkewed ? (
                <Tag color="red">{t('board.skewed', { s: Math.round((d.clockSkewMs ?? 0) / 1000) })}</Tag>
              ) : (
                <Tag color="green">{t('board.clockOk')}</Tag>
              ),
          },
        ]}
      />

      <Modal
        open={!!pauseFor}
        title={t('actions.pauseTitle', { no: pauseFor?.no })}
        onCancel={() => setPauseFor(null)}
        okText={t('actions.pause')}
        onOk={() => {
          const w = pauseFor!;
          setPauseFor(null);
          void act(() => managerApi.windowAction(w.no, 'pause', { reason: text || '暂停服务' }));
        }}
      >
        <Input autoFocus placeholder={t('actions.pauseReason')} value={text} onChange={(e) => setText(e.target.value)} data-testid="mgr-pause-reason" />
      </Modal>
      <Modal
        open={!!takeoverFor}
        title={t('actions.takeoverTitle', { no: takeoverFor?.no })}
        onCancel={() => setTakeoverFor(null)}
        okText={t('actions.takeover')}
        onOk={() => {
          const w = takeoverFor!;
          setTakeoverFor(null);
          void act(() => managerApi.takeover(w.no, text.trim()));
        }}
      >
        <Input autoFocus placeholder={t('actions.takeoverWorkNo')} value={text} onChange={(e) => setText(e.target.value)} data-testid="mgr-takeover-workno" />
      </Modal>
    </div>
  );
}

/** Four dots (读卡器/打印机/评价器/窗口屏) with the counter's message as tooltip, 未上报 when silent, and the counter's sync state. */
function DeviceDots({ no, health, sync }: { no: number; health?: WindowDeviceHealth; sync?: SyncDevice }) {
  const { t } = useTranslation('manager');
  const syncTag =
    sync &&
    (sync.rejected || sync.clockSkewed ? (
      <Tag color="red" data-testid={`mgr-win-sync-${no}`}>
        {sync.rejected ? t('board.syncRejected', { n: sync.rejected }) : t('board.skewed', { s: Math.round((sync.clockSkewMs ?? 0) / 1000) })}
      </Tag>
    ) : (
      <Tooltip title={sync.lastPushAt ? `${t('board.lastPush')} ${hallFmt.clock(sync.lastPushAt)}` : ''}>
        <span className="mgr-sync-ok" data-testid={`mgr-win-sync-${no}`}>
          {t('board.syncOk')}
        </span>
      </Tooltip>
    ));
  if (!health || health.stale) {
    return (
      <div className="mgr-devs" data-testid={`mgr-win-devices-${no}`}>
        <Tooltip title={t('board.notReportedTip')}>
          <span className="mgr-dev-none">{t('board.notReported')}</span>
        </Tooltip>
        {syncTag}
      </div>
    );
  }
  return (
    <div className="mgr-devs" data-testid={`mgr-win-devices-${no}`}>
      {DEVICE_KINDS.map((k) => {
        const d = health.devices.find((x) => x.kind === k);
        const state = d?.state ?? 'absent';
        return (
          <Tooltip key={k} title={`${t(`board.dev.${k}`)}：${t(`board.devState.${state}`)}${d?.message ? ` · ${d.message}` : ''}`}>
            <span className="mgr-dev" data-state={state} data-testid={`mgr-dev-${no}-${k}`}>
              <i style={{ background: DEVICE_COLOR[state] }} />
              {t(`board.dev.${k}`)}
            </span>
          </Tooltip>
        );
      })}
      {syncTag}
    </div>
  );
}
