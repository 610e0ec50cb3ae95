// The city's halls with their live uplink status: last push, backlog still in the hall's outbox,
// clock skew, accepted/rejected records, catalogue version held. Refreshed every 5 s; a row
// opens the hall's KPIs; the rejections of a hall are listed on demand. The 个人信息上报 switch
// sets whether the city receives the hall's applicants in clear (confirmed, audited at the
// central; turning it off erases what the central holds for that hall).
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Modal, Switch, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CityAuditEntry, HallStatus } from '../../../../domain/api/city';
import { cityApi, type Rejection } from './cityApi';
import { hallFmt } from '../../hooks/hallZone';

const STALE_MS = 5 * 60_000;

export function HallsPanel({ onError, onDrill }: { onError: (e: unknown) => void; onDrill: (hallId: string) => void }) {
  const { t } = useTranslation('city');
  const [halls, setHalls] = useState<HallStatus[]>([]);
  const [serverTime, setServerTime] = useState(Date.now());
  const [rejections, setRejections] = useState<{ hall: string; list: Rejection[] } | null>(null);
  const [personal, setPersonal] = useState<{ hall: HallStatus; receive: boolean } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [audit, setAudit] = useState<CityAuditEntry[]>([]);
  const savePersonal = async () => {
    if (!personal) return;
    const { hall, receive } = personal;
    setPersonal(null);
    try {
      const r = await cityApi.setPersonalData(hall.hallId, receive);
      setNotice(receive ? t('halls.personalSaved', { hall: hall.name }) : t('halls.personalStopped', { hall: hall.name, n: r.erased }));
      await load();
    } catch (e) {
      onError(e);
    }
  };
  const load = useCallback(async () => {
    try {
      const r = await cityApi.halls();
      setHalls(r.halls);
      setServerTime(Date.parse(r.serverTime));
      setAudit((await cityApi.audit()).entries);
    } catch (e) {
      onError(e);
    }
  }, [onError]);
  useEffect(() => {
    void load();
    const id = setInterval(() => void load(), 5_000);
    return () => clearInterval(id);
  }, [load]);

  const hallName = (id: string) => halls.find((h) => h.hallId === id)?.name ?? id;
  const auditText = (e: CityAuditEntry) =>
    e.action === 'applicant.open'
      ? t('halls.auditOpen', { caseId: String(e.detail.caseId ?? ''), reason: String(e.detail.reason ?? '') })
      : e.action === 'applicant.expired'
        ? t('halls.auditExpired', { n: Number(e.detail.erased ?? 0), days: Number(e.detail.retentionDays ?? 0) })
        : e.detail.receive
          ? t('halls.auditOn')
          : t('halls.auditOff', { n: Number(e.detail.erased ?? 0) });
  const status = (h: HallStatus) => {
    if (!h.enrolled) return <Tag>{t('halls.notEnrolled')}</Tag>;
    if (!h.lastUplinkAt) return <Tag color="default">{t('halls.never')}</Tag>;
    if (serverTime - Date.parse(h.lastUplinkAt) > STALE_MS) return <Tag color="red">{t('halls.stale')}</Tag>;
    if (h.backlog > 0) return <Tag color="gold">{t('halls.catchingUp')}</Tag>;
    return <Tag color="green">{t('halls.online')}</Tag>;
  };
  return (
    <>
      {notice && (
        <Alert type="success" showIcon closable message={notice} onClose={() => setNotice(null)} style={{ marginBottom: 12 }} data-testid="personal-notice" />
      )}
      <Table<HallStatus>
        rowKey="hallId"
        dataSource={halls}
        pagination={false}
        size="middle"
        data-testid="city-halls"
        onRow={(h) => ({ onClick: () => onDrill(h.hallId), style: { cursor: 'pointer' } })}
        columns={[
          { title: t('halls.code'), dataIndex: 'code' },
          { title: t('halls.name'), dataIndex: 'name' },
          { title: t('halls.status'), render: (_, h) => status(h) },
          { title: t('halls.lastUplink'), render: (_, h) => (h.lastUplinkAt ? hallFmt.full(h.lastUplinkAt) : '—') },
          { title: t('halls.backlog'), dataIndex: 'backlog', render: (v: number) => <span data-testid="hall-backlog">{v}</span> },
          {
            title: t('halls.skew'),
            render: (_, h) =>
              h.clockSkewMs === null ? (
                '—'
              ) : Math.abs(h.clockSkewMs) > 300_000 ? (
                <Tag color="red">{t('halls.skewSec', { s: Math.round(h.clockSkewMs / 1000) })}</Tag>
              ) : (
                t('halls.skewSec', { s: Math.round(h.clockSkewMs / 1000) })
              ),
          },
          { title: t('halls.accepted'), dataIndex: 'accepted' },
          {
            title: t('halls.rejected'),
            render: (_, h) =>
              h.rejected > 0 ? (
                <Button
                  size="small"
                  danger
                  onClick={(ev) => {
                    ev.stopPropagation();
                    void cityApi.rejections(h.hallId).then((r) => setRejections({ hall: h.name, list: r.rejections }), onError);
                  }}
                >
                  {h.rejected}
                </Button>
              ) : (
                0
              ),
          },
          { title: t('halls.catalogue'), render: (_, h) => (h.catalogueVersion === null ? '—' : `v${h.catalogueVersion}`) },
          {
            title: t('halls.personal'),
            render: (_, h) => (
              <span onClick={(ev) => ev.stopPropagation()}>
                <Switch
                  size="small"
                  checked={h.receivePersonalData}
                  checkedChildren={t('halls.personalOn')}
                  unCheckedChildren={t('halls.personalOff')}
                  data-testid={`hall-personal-${h.hallId}`}
                  onChange={(receive) => setPersonal({ hall: h, receive })}
                />
              </span>
            ),
          },
          {
            title: '',
            render: (_, h) => (
              <Button
                size="small"
                type="link"
                onClick={(ev) => {
                  ev.stopPropagation();
                  onDrill(h.hallId);
                }}
              >
                {t('halls.drill')}
              </Button>
            ),
          },
        ]}
      />
      <Card size="small" title={t('halls.auditTitle')} style={{ marginTop: 12 }}>
        <Table<CityAuditEntry>
          rowKey={(e) => `${e.hallId}/${e.at}/${e.action}/${String(e.detail.caseId ?? '')}`}
          size="small"
          dataSource={audit}
          pagination={{ pageSize: 10 }}
          data-testid="city-audit"
          locale={{ emptyText: t('halls.auditNone') }}
          columns={[
            { title: t('halls.at'), render: (_, e) => hallFmt.full(e.at), width: 190 },
            { title: t('halls.name'), render: (_, e) => hallName(e.hallId) },
            // The central's own jobs (retention) act as 'system'.
            { title: t('halls.auditActor'), dataIndex: 'actor', width: 100, render: (a: string) => (a === 'system' ? t('halls.auditSystem') : a) },
            { title: t('halls.auditWhat'), render: (_, e) => auditText(e) },
          ]}
        />
      </Card>
      <Modal
        open={personal !== null}
        title={personal ? t(personal.receive ? 'halls.personalOnTitle' : 'halls.personalOffTitle', { hall: personal.hall.name }) : ''}
        okText={t('halls.confirm')}
        cancelText={t('halls.cancel')}
        okButtonProps={{ danger: personal?.receive === false, ...{ 'data-testid': 'personal-confirm' } }}
        onOk={() => void savePersonal()}
        onCancel={() => setPersonal(null)}
      >
        {personal && <p>{t(personal.receive ? 'halls.personalOnBody' : 'halls.personalOffBody')}</p>}
      </Modal>
      <Modal
        open={rejections !== null}
        onCancel={() => setRejections(null)}
        footer={null}
        width={800}
        title={t('halls.rejectionsOf', { hall: rejections?.hall ?? '' })}
      >
        <Table<Rejection>
          rowKey="seq"
          size="small"
          dataSource={rejections?.list ?? []}
          pagination={{ pageSize: 10 }}
          columns={[
            { title: 'seq', dataIndex: 'seq' },
            { title: t('halls.kind'), dataIndex: 'kind' },
            { title: t('halls.code'), dataIndex: 'code' },
            { title: t('halls.message'), dataIndex: 'message' },
            { title: t('halls.at'), dataIndex: 'receivedAt' },
          ]}
        />
      </Modal>
    </>
  );
}
