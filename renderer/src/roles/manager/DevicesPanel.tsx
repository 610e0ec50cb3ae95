// The 设备 tab: every enrolled device (kind, name, enrolled, last report, 在用/已吊销) with 吊销
// behind a confirm, and one-time enrollment codes — shown once, large, with kind and expiry
// (the hall stores the code but the console never lists it again). Counter and pad codes name
// the window the device will serve; a broken counter PC is replaced (更换电脑) with a code whose
// enrollment continues the old PC's sync log.
import { hallFmt } from '../../hooks/hallZone';
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, InputNumber, Popconfirm, Select, Space, Table, Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { devicesApi, type DeviceListItem, type EnrollKind } from './devicesApi';
import { WINDOW_DEVICE_KINDS } from '../../../../domain/api/hall';
import { errText } from './managerApi';

const KINDS: EnrollKind[] = ['counter', 'kiosk', 'display', 'pad'];
/** Local date and time, minutes precision: 2025-03-07 09:41. */
const when = (iso: string | null) => (iso ? hallFmt.full(iso).slice(0, 16) : '—');

interface Shown {
  code: string;
  kind?: string | null;
  windowNo?: number | null;
  expiresAt: string;
  replaces?: string;
}

export function DevicesPanel({ onError, version }: { onError: (m: string) => void; version: number }) {
  const { t } = useTranslation('manager');
  const [devices, setDevices] = useState<DeviceListItem[]>([]);
  const [kind, setKind] = useState<EnrollKind | 'any'>('kiosk');
  const [ttl, setTtl] = useState(60);
  const [windowNo, setWindowNo] = useState<number | null>(null);
  const needsWindow = kind !== 'any' && WINDOW_DEVICE_KINDS.includes(kind);
  const [shown, setShown] = useState<Shown | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(() => {
    void devicesApi
      .list()
      .then(setDevices)
      .catch((e) => onError(errText(e)));
  }, [onError]);
  useEffect(load, [load, version]);

  const kindLabel = (k: string | null | undefined) => (k && (KINDS as string[]).includes(k) ? t(`devices.kinds.${k}`) : (k ?? t('devices.kinds.any')));

  const create = async () => {
    try {
      if (needsWindow && windowNo === null) return onError(t('devices.code.windowNeeded'));
      setShown(await devicesApi.createCode(kind === 'any' ? null : kind, ttl, needsWindow ? windowNo! : undefined));
    } catch (e) {
      onError(errText(e));
    }
  };

  const replace = async (d: DeviceListItem) => {
    try {
      const r = await devicesApi.replace(d.id, ttl);
      setShown({ code: r.code, kind: 'counter', windowNo: r.windowNo, expiresAt: r.expiresAt, replaces: d.name });
      setNotice(t('devices.replacedDone', { name: d.name, seq: r.lastSeq }));
      load();
    } catch (e) {
      onError(errText(e));
    }
  };

  const revoke = async (d: DeviceListItem) => {
    try {
      await devicesApi.revoke(d.id);
      setNotice(t('devices.revokedDone', { name: d.name }));
      load();
    } catch (e) {
      onError(errText(e));
    }
  };

  return (
    <div data-testid="manager-devices">
      <Card size="small" title={t('devices.code.title')} style={{ marginBottom: 12 }}>
        <Space wrap>
          <span>{t('devices.code.kind')}</span>
          <Select
            value={kind}
            onChange={setKind}
            style={{ width: 140 }}
            data-testid="devices-code-kind"
            options={[...KINDS.map((k) => ({ value: k, label: t(`devices.kinds.${k}`) })), { value: 'any', label: t('devices.kinds.any') }]}
          />
          {needsWindow && (
            <>
              <span>{t('devices.code.window')}</span>
              <InputNumber
                min={1}
                max={999}
                value={windowNo}
                onChange={(v) => setWindowNo(v)}
                placeholder={t('devices.code.windowPlaceholder')}
                style={{ width: 110 }}
                data-testid="devices-code-window"
              />
            </>
          )}
          <span>{t('devices.code.ttl')}</span>
          <InputNumber min={1} max={7 * 24 * 60} value={ttl} onChange={(v) => v !== null && setTtl(v)} style={{ width: 100 }} />
          <span>{t('devices.code.minutes')}</span>
          <Button type="primary" onClick={() => void create()} data-testid="devices-code-create">
            {t('devices.code.create')}
          </Button>
        </Space>
        {shown && (
          <div style={{ marginTop: 12, padding: 16, border: '2px dashed #1677ff', borderRadius: 8, textAlign: 'center' }} data-testid="devices-code-shown">
            <div style={{ color: '#666' }}>{t('devices.code.shown')}</div>
            <div style={{ fontSize: 56, fontWeight: 700, letterSpacing: 6, fontFamily: 'ui-monospace, Menlo, Consolas, monospace' }} data-testid="devices-code">
              {shown.code}
            </div>
            <Space size="large">
              <Tag color="blue" style={{ fontSize: 16, padding: '4px 10px' }} data-testid="devices-code-for">
                {t('devices.code.forKind', { kind: kindLabel(shown.kind) })}
              </Tag>
              {shown.windowNo != null && (
                <Tag color="purple" style={{ fontSize: 16, padding: '4px 10px' }} data-testid="devices-code-window-shown">
                  {t('devices.code.forWindow', { n: shown.windowNo })}
                </Tag>
              )}
              <span style={{ fontSize: 16 }} data-testid="devices-code-expires">
                {t('devices.code.expires', { t: when(shown.expiresAt) })}
              </span>
            </Space>
            <div style={{ marginTop: 8, color: '#666' }}>
              {shown.replaces ? t('devices.code.replaceHandOver', { name: shown.replaces }) : t('devices.code.handOver')}
            </div>
            <Button style={{ marginTop: 8 }} onClick={() => setShown(null)} data-testid="devices-code-close">
              {t('devices.code.close')}
            </Button>
          </div>
        )}
      </Card>

      {notice && (
        <Alert type="success" showIcon closable title={notice} onClose={() => setNotice(null)} style={{ marginBottom: 8 }} data-testid="devices-notice" />
      )}
      <div className="mgr-note" style={{ marginBottom: 8 }}>
        {t('devices.hint')}
      </div>
      <Table<DeviceListItem>
        size="small"
        rowKey="id"
        dataSource={devices}
        pagination={{ pageSize: 20 }}
        locale={{ emptyText: t('devices.empty') }}
        data-testid="devices-table"
        columns={[
          { title: t('devices.name'), dataIndex: 'name' },
          { title: t('devices.kind'), dataIndex: 'kind', render: (k: string) => kindLabel(k) },
          { title: t('devices.window'), dataIndex: 'windowNo', render: (v: number | null | undefined) => (v == null ? '—' : t('devices.windowN', { n: v })) },
          { title: t('devices.enrolledAt'), dataIndex: 'enrolledAt', render: (v: string) => when(v) },
          {
            title: <Tooltip title={t('devices.lastSeenTip')}>{t('devices.lastSeen')}</Tooltip>,
            dataIndex: 'lastSeenAt',
            render: (v: string | null) => when(v),
          },
          {
            title: t('devices.status'),
            render: (_: unknown, d) =>
              d.revoked ? (
                <Tag color="red" data-testid={`devices-status-${d.id}`}>
                  {t('devices.revoked')}
                  {d.revokedAt ? ` · ${when(d.revokedAt)}` : ''}
                </Tag>
              ) : (
                <Tag color="green" data-testid={`devices-status-${d.id}`}>
                  {t('devices.active')}
                </Tag>
              ),
          },
          {
            title: '',
            render: (_: unknown, d) => (
              <Space>
                {d.kind === 'counter' && d.syncDeviceId && (
                  <Popconfirm
                    title={t('devices.replaceConfirm', { name: d.name })}
                    okText={t('devices.replace')}
                    cancelText={t('devices.cancel')}
                    onConfirm={() => void replace(d)}
                  >
                    <Button size="small" data-testid={`devices-replace-${d.id}`}>
                      {t('devices.replace')}
                    </Button>
                  </Popconfirm>
                )}
                <Popconfirm
                  title={t('devices.revokeConfirm', { name: d.name })}
                  okText={t('devices.revoke')}
                  cancelText={t('devices.cancel')}
                  okButtonProps={{ danger: true }}
                  onConfirm={() => void revoke(d)}
                >
                  <Button size="small" danger disabled={d.revoked} data-testid={`devices-revoke-${d.id}`}>
                    {t('devices.revoke')}
                  </Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]}
      />
    </div>
  );
}
