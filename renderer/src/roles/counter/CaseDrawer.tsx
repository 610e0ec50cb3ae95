// One case: status and deadline, materials, the timeline (own steps and back-office steps that
// arrived through sync), printed receipts with reprint, and the actions the state allows.
import { domainLabel } from '../../i18n/domainLabels';
import { CaseMaterialLicence } from './LicenceFetch';
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Descriptions, Drawer, Input, List, Modal, Radio, Space, Tag, Timeline, Typography, type ButtonProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { core, onCoreEvent } from '../../bridge/coreBridge';
import { useCounter } from './counterStore';
import { MARK } from './CasesPanel';
import { shortTime } from './time';
import { PackageSection } from './PackageSection';
import type { CaseDetail } from '../../../../domain/contract/core';

export function CaseDrawer() {
  const { openCaseId, openCase, run, busy } = useCounter();
  const { t } = useTranslation('counter');
  const [d, setD] = useState<CaseDetail | null>(null);
  const [supplyOpen, setSupplyOpen] = useState(false);
  const [supplied, setSupplied] = useState<string[]>([]);
  const [handoverOpen, setHandoverOpen] = useState(false);
  const [method, setMethod] = useState<'window' | 'mail' | 'electronic'>('window');
  const [tracking, setTracking] = useState('');
  const [completeOpen, setCompleteOpen] = useState(false);
  const [terminateOpen, setTerminateOpen] = useState(false);
  const [terminateReason, setTerminateReason] = useState('');

  const load = useCallback(() => {
    if (!openCaseId) return setD(null);
    void core['cases.get']({ caseId: openCaseId })
      .then(setD)
      .catch(() => setD(null));
  }, [openCaseId]);
  useEffect(load, [load]);
  useEffect(() => onCoreEvent('cases', (e) => (e.caseId === openCaseId || e.caseId === null) && load()), [openCaseId, load]);
  useEffect(() => onCoreEvent('print', () => load()), [load]);

  if (!d) return <Drawer open={Boolean(openCaseId)} onClose={() => openCase(null)} width={560} title={t('drawer.title')} />;
  const owed = d.status === 'supplementing' ? d.missingMaterials.map((m) => m.name) : (d.conditional?.outstanding ?? []);
  const act = (label: string, fn: () => Promise<unknown>) =>
    void run(label, async () => {
      await fn();
      load();
    });

  return (
    <Drawer
      open
      onClose={() => openCase(null)}
      width={600}
      title={
        <Space>
          <span data-testid="drawer-case-no">{d.caseNo}</span>
          <Tag color={MARK[d.mark].color} data-testid="drawer-status">
            {domainLabel('status', d.status, d.statusLabel)}
          </Tag>
        </Space>
      }
    >
      {d.warnings.map((w) => (
        <Alert key={w.code} type="warning" showIcon message={w.message} style={{ marginBottom: 8 }} />
      ))}
      {d.blocked.map((b) => (
        <Alert key={`b-${b.action}`} type="error" showIcon message={b.message} style={{ marginBottom: 8 }} data-testid="drawer-blocked" />
      ))}
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label={t('drawer.item')} span={2}>
          {d.itemName}
        </Descriptions.Item>
        <Descriptions.Item label={t('drawer.applicant')}>
          {d.applicantMasked}
          {d.agentName ? t('drawer.agent', { name: d.agentName }) : ''}
        </Descriptions.Item>
        <Descriptions.Item label={t('drawer.idCard')}>{d.idMasked}</Descriptions.Item>
        {d.companyName && (
          <Descriptions.Item label={t('drawer.company')} span={2}>
            {d.companyName}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('drawer.type')}>{domainLabel('caseType', d.caseType, d.caseTypeLabel)}</Descriptions.Item>
        <Descriptions.Item label={t('drawer.due')}>
          {d.dueDate ?? (d.clockStopped ? t('drawer.clockStopped', { n: d.workingDaysLeftAtStop ?? '?', count: d.workingDaysLeftAtStop ?? 0 }) : '—')}
        </Descriptions.Item>
        {d.conditional && (
          <Descriptions.Item label={t('drawer.supplyDeadline')} span={2}>
            {t('drawer.outstanding', { date: d.conditional.supplyDeadline, list: d.conditional.outstanding.join(t('intake.listSep')) || t('drawer.none') })}
          </Descriptions.Item>
        )}
        {d.termination && (
          <Descriptions.Item label={t('drawer.termination')} span={2}>
            {d.termination.reason}
          </Descriptions.Item>
        )}
        {d.refusal && (
          <Descriptions.Item label={t('drawer.refusal')} span={2}>
            {d.refusal.reason}
          </Descriptions.Item>
        )}
        {d.handover && (
          <Descriptions.Item label={t('drawer.handover')} span={2}>
            {d.handover.method === 'mail'
              ? t('drawer.mail', { no: d.handover.trackingNo ?? '' })
              : d.handover.method === 'electronic'
                ? t('drawer.electronic')
                : t('drawer.window')}
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('drawer.rating')} span={2}>
          {d.rated ? t('drawer.rated') : t('drawer.notRated')}
        </Descriptions.Item>
      </Descriptions>
      <PackageSection d={d} />

      <Space wrap style={{ margin: '12px 0' }}>
        {d.allowed.includes('accept') && (
          <Button
            type="primary"
            onClick={() => act('accept', () => core['cases.accept']({ caseId: d.caseId, decision: { kind: 'accept', completeNow: true } }))}
            data-testid="drawer-accept"
          >
            {t('drawer.accept')}
          </Button>
        )}
        {d.allowed.includes('supplement') && (
          <Button
            onClick={() => {
              setSupplied(owed);
              setSupplyOpen(true);
            }}
            data-testid="drawer-supplement"
          >
            {t('drawer.supplement')}
          </Button>
        )}
        {/* 办结 cannot be undone: it asks first. */}
        {d.allowed.includes('complete') && (
          <Button type="primary" onClick={() => setCompleteOpen(true)} data-testid="drawer-complete">
            {t('drawer.complete')}
          </Button>
        )}
        {d.allowed.includes('handover') && (
          <Button onClick={() => setHandoverOpen(true)} data-testid="drawer-handover">
            {t('drawer.handover')}
          </Button>
        )}
        {/* Refused by a rule (容缺 materials owed): shown disabled with the rule's reason, not hidden. */}
        {d.blocked.map((b) => (
          <Button key={b.action} disabled title={b.message} data-testid={`drawer-${b.action}-blocked`}>
            {t(`drawer.${b.action}`)}
          </Button>
        ))}
        {d.allowed.includes('terminate') && (
          <Button
            danger
            onClick={() => {
              setTerminateReason(t('drawer.terminateDefault'));
              setTerminateOpen(true);
            }}
            data-testid="drawer-terminate"
          >
            {t('drawer.terminate')}
          </Button>
        )}
        {!d.rated && (
          <Button onClick={() => act('rate', () => core['rating.request']({ caseId: d.caseId }))} data-testid="drawer-rate">
            {t('drawer.rate')}
          </Button>
        )}
      </Space>

      <Typography.Title level={5}>{t('drawer.materials')}</Typography.Title>
      <List
        size="small"
        dataSource={d.materials}
        renderItem={(m) => (
          <List.Item>
            {m.name}
            <CaseMaterialLicence m={m} />
            <Tag color={m.received ? 'green' : 'red'}>{m.received ? t('drawer.received') : t('drawer.notReceived')}</Tag>
          </List.Item>
        )}
      />

      <Typography.Title level={5}>{t('drawer.receipts')}</Typography.Title>
      <List
        size="small"
        dataSource={d.receipts}
        locale={{ emptyText: t('drawer.none') }}
        data-testid="drawer-receipts"
        renderItem={(r) => (
          <List.Item
            actions={[
              <Button
                key="re"
                size="small"
                disabled={busy !== null}
                onClick={() => act('reprint', () => core['receipts.reprint']({ caseId: d.caseId, template: r.template as 'acceptance' }))}
                data-testid={`reprint-${r.template}`}
              >
                {t('drawer.reprint')}
              </Button>,
            ]}
          >
            {domainLabel('template', r.template, r.label)}
            <Space>
              <Tag color={r.state === 'done' ? 'green' : r.state === 'failed' ? 'red' : 'blue'}>
                {t(`drawer.printState.${r.state}`, { defaultValue: r.state })}
              </Tag>
              <Typography.Text type="secondary">{shortTime(r.at)}</Typography.Text>
            </Space>
            {r.error && <Typography.Text type="danger">{r.error}</Typography.Text>}
          </List.Item>
        )}
      />

      <Typography.Title level={5}>{t('drawer.timeline')}</Typography.Title>
      <Timeline
        data-testid="drawer-timeline"
        items={d.timeline.map((e) => ({
          color: e.outcome === 'conflict' ? 'red' : e.remote ? 'purple' : 'blue',
          children: (
            <div>
              <b>{domainLabel('event', e.kind, e.label)}</b>{' '}
              <Typography.Text type="secondary">
                {shortTime(e.at)} · {e.actor.workNo}
                {e.actor.windowNo ? t('drawer.atWindow', { no: e.actor.windowNo }) : t('drawer.backOffice')}
                {e.synced ? '' : t('drawer.unsynced')}
              </Typography.Text>
              <div>{e.summary}</div>
            </div>
          ),
        }))}
      />

      <Modal
        title={t('drawer.completeConfirmTitle')}
        open={completeOpen}
        okText={t('drawer.completeOk')}
        cancelText={t('drawer.cancel')}
        onCancel={() => setCompleteOpen(false)}
        okButtonProps={{ 'data-testid': 'complete-ok' } as ButtonProps}
        onOk={() => {
          setCompleteOpen(false);
          act('complete', () => core['cases.complete']({ caseId: d.caseId, result: 'approved' }));
        }}
      >
        <Typography.Paragraph>
          {d.itemName}（{d.caseNo}）
        </Typography.Paragraph>
        <Typography.Paragraph type="secondary">{t('drawer.completeConfirm')}</Typography.Paragraph>
      </Modal>
      <Modal
        title={t('drawer.terminateTitle')}
        open={terminateOpen}
        okText={t('drawer.terminateOk')}
        cancelText={t('drawer.cancel')}
        onCancel={() => setTerminateOpen(false)}
        okButtonProps={{ danger: true, disabled: terminateReason.trim() === '', 'data-testid': 'terminate-ok' } as ButtonProps}
        onOk={() => {
          setTerminateOpen(false);
          act('terminate', () => core['cases.terminate']({ caseId: d.caseId, reasonCode: 'waivedNotSupplied', reason: terminateReason.trim() }));
        }}
      >
        <Typography.Paragraph type="secondary">{t('drawer.terminateHint')}</Typography.Paragraph>
        <Input.TextArea
          rows={3}
          value={terminateReason}
          maxLength={500}
          onChange={(e) => setTerminateReason(e.target.value)}
          placeholder={t('drawer.terminateReason')}
          data-testid="terminate-reason"
        />
      </Modal>
      <Modal
        title={t('drawer.supplement')}
        open={supplyOpen}
        okText={t('drawer.supplyOk')}
        cancelText={t('drawer.cancel')}
        onCancel={() => setSupplyOpen(false)}
        okButtonProps={{ disabled: supplied.length === 0 }}
        onOk={() => {
          setSupplyOpen(false);
          act('supplement', () => core['cases.supplement']({ caseId: d.caseId, materials: supplied, complete: supplied.length === owed.length }));
        }}
      >
        <Checkbox.Group value={supplied} onChange={(v) => setSupplied(v as string[])} options={owed.map((n) => ({ label: n, value: n }))} />
      </Modal>
      <Modal
        title={t('drawer.handoverTitle')}
        open={handoverOpen}
        okText={t('drawer.handoverOk')}
        cancelText={t('drawer.cancel')}
        onCancel={() => setHandoverOpen(false)}
        okButtonProps={{ disabled: method === 'mail' && !tracking.trim() }}
        onOk={() => {
          setHandoverOpen(false);
          act('handover', () => core['cases.handover']({ caseId: d.caseId, method, ...(tracking.trim() ? { trackingNo: tracking.trim() } : {}) }));
        }}
      >
        <Radio.Group value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
          <Radio value="window">{t('drawer.window')}</Radio>
          <Radio value="mail">{t('drawer.mailMethod')}</Radio>
          <Radio value="electronic">{t('drawer.electronic')}</Radio>
        </Radio.Group>
        {method === 'mail' && (
          <Input style={{ marginTop: 8 }} placeholder={t('drawer.trackingNo')} value={tracking} onChange={(e) => setTracking(e.target.value)} />
        )}
      </Modal>
    </Drawer>
  );
}
