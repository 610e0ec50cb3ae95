// One case: status and deadline, materials, the timeline (own steps and back-office steps that
// arrived through sync), printed receipts with reprint, and the actions the state allows.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Descriptions, Drawer, Input, List, Modal, Radio, Space, Tag, Timeline, Typography } from 'antd';
import { core, onCoreEvent } from '../../bridge/coreBridge';
import { useCounter } from './counterStore';
import { MARK } from './CasesPanel';
import { shortTime } from './time';
import type { CaseDetail } from '../../../../domain/contract/core';

export function CaseDrawer() {
  const { openCaseId, openCase, run, busy } = useCounter();
  const [d, setD] = useState<CaseDetail | null>(null);
  const [supplyOpen, setSupplyOpen] = useState(false);
  const [supplied, setSupplied] = useState<string[]>([]);
  const [handoverOpen, setHandoverOpen] = useState(false);
  const [method, setMethod] = useState<'window' | 'mail' | 'electronic'>('window');
  const [tracking, setTracking] = useState('');

  const load = useCallback(() => {
    if (!openCaseId) return setD(null);
    void core['cases.get']({ caseId: openCaseId }).then(setD).catch(() => setD(null));
  }, [openCaseId]);
  useEffect(load, [load]);
  useEffect(() => onCoreEvent('cases', (e) => (e.caseId === openCaseId || e.caseId === null) && load()), [openCaseId, load]);
  useEffect(() => onCoreEvent('print', () => load()), [load]);

  if (!d) return <Drawer open={Boolean(openCaseId)} onClose={() => openCase(null)} width={560} title="办件" />;
  const owed = d.status === 'supplementing' ? d.missingMaterials.map((m) => m.name) : d.conditional?.outstanding ?? [];
  const act = (label: string, fn: () => Promise<unknown>) => void run(label, async () => { await fn(); load(); });

  return (
    <Drawer open onClose={() => openCase(null)} width={600} title={<Space><span data-testid="drawer-case-no">{d.caseNo}</span><Tag color={MARK[d.mark].color} data-testid="drawer-status">{d.statusLabel}</Tag></Space>}>
      {d.warnings.map((w) => <Alert key={w.code} type="warning" showIcon message={w.message} style={{ marginBottom: 8 }} />)}
      <Descriptions size="small" column={2} bordered>
        <Descriptions.Item label="事项" span={2}>{d.itemName}</Descriptions.Item>
        <Descriptions.Item label="申请人">{d.applicantMasked}{d.agentName ? `（代理人 ${d.agentName}）` : ''}</Descriptions.Item>
        <Descriptions.Item label="证件">{d.idMasked}</Descriptions.Item>
        {d.companyName && <Descriptions.Item label="单位" span={2}>{d.companyName}</Descriptions.Item>}
        <Descriptions.Item label="类型">{d.caseTypeLabel ?? '—'}</Descriptions.Item>
        <Descriptions.Item label="承诺办结">{d.dueDate ?? (d.clockStopped ? `计时暂停（剩 ${d.workingDaysLeftAtStop ?? '?'} 个工作日）` : '—')}</Descriptions.Item>
        {d.conditional && <Descriptions.Item label="容缺补交期限" span={2}>{d.conditional.supplyDeadline}（待补：{d.conditional.outstanding.join('、') || '无'}）</Descriptions.Item>}
        {d.refusal && <Descriptions.Item label="不予受理理由" span={2}>{d.refusal.reason}</Descriptions.Item>}
        {d.handover && <Descriptions.Item label="出件" span={2}>{d.handover.method === 'mail' ? `邮寄 ${d.handover.trackingNo ?? ''}` : d.handover.method === 'electronic' ? '电子送达' : '窗口领取'}</Descriptions.Item>}
        <Descriptions.Item label="评价" span={2}>{d.rated ? '已评价' : '未评价'}</Descriptions.Item>
      </Descriptions>

      <Space wrap style={{ margin: '12px 0' }}>
        {d.allowed.includes('accept') && <Button type="primary" onClick={() => act('accept', () => core['cases.accept']({ caseId: d.caseId, decision: { kind: 'accept', completeNow: true } }))} data-testid="drawer-accept">受理</Button>}
        {d.allowed.includes('supplement') && <Button onClick={() => { setSupplied(owed); setSupplyOpen(true); }} data-testid="drawer-supplement">补交材料</Button>}
        {d.allowed.includes('complete') && <Button type="primary" onClick={() => act('complete', () => core['cases.complete']({ caseId: d.caseId, result: 'approved' }))} data-testid="drawer-complete">办结</Button>}
        {d.allowed.includes('handover') && <Button onClick={() => setHandoverOpen(true)} data-testid="drawer-handover">出件</Button>}
        {!d.rated && <Button onClick={() => act('rate', () => core['rating.request']({ caseId: d.caseId }))} data-testid="drawer-rate">请求评价</Button>}
      </Space>

      <Typography.Title level={5}>材料</Typography.Title>
      <List size="small" dataSource={d.materials} renderItem={(m) => <List.Item>{m.name}<Tag color={m.received ? 'green' : 'red'}>{m.received ? '已收' : '未收'}</Tag></List.Item>} />

      <Typography.Title level={5}>票据</Typography.Title>
      <List size="small" dataSource={d.receipts} locale={{ emptyText: '无' }} data-testid="drawer-receipts"
        renderItem={(r) => (
          <List.Item actions={[<Button key="re" size="small" disabled={busy !== null} onClick={() => act('reprint', () => core['receipts.reprint']({ caseId: d.caseId, template: r.template as 'acceptance' }))} data-testid={`reprint-${r.template}`}>重打</Button>]}>
            {r.label}<Space><Tag color={r.state === 'done' ? 'green' : r.state === 'failed' ? 'red' : 'blue'}>{{ done: '已打印', failed: '打印失败', queued: '排队中', printing: '打印中' }[r.state] ?? r.state}</Tag><Typography.Text type="secondary">{shortTime(r.at)}</Typography.Text></Space>
            {r.error && <Typography.Text type="danger">{r.error}</Typography.Text>}
          </List.Item>
        )} />

      <Typography.Title level={5}>办理过程</Typography.Title>
      <Timeline data-testid="drawer-timeline"
        items={d.timeline.map((e) => ({
          color: e.outcome === 'conflict' ? 'red' : e.remote ? 'purple' : 'blue',
          children: <div><b>{e.label}</b> <Typography.Text type="secondary">{shortTime(e.at)} · {e.actor.workNo}{e.actor.windowNo ? ` · ${e.actor.windowNo}号窗口` : ' · 后台'}{e.synced ? '' : ' · 待同步'}</Typography.Text><div>{e.summary}</div></div>,
        }))} />

      <Modal title="补交材料" open={supplyOpen} okText="确认补交" cancelText="取消" onCancel={() => setSupplyOpen(false)} okButtonProps={{ disabled: supplied.length === 0 }}
        onOk={() => { setSupplyOpen(false); act('supplement', () => core['cases.supplement']({ caseId: d.caseId, materials: supplied, complete: supplied.length === owed.length })); }}>
        <Checkbox.Group value={supplied} onChange={(v) => setSupplied(v as string[])} options={owed.map((n) => ({ label: n, value: n }))} />
      </Modal>
      <Modal title="出件 / 送达" open={handoverOpen} okText="确认" cancelText="取消" onCancel={() => setHandoverOpen(false)} okButtonProps={{ disabled: method === 'mail' && !tracking.trim() }}
        onOk={() => { setHandoverOpen(false); act('handover', () => core['cases.handover']({ caseId: d.caseId, method, ...(tracking.trim() ? { trackingNo: tracking.trim() } : {}) })); }}>
        <Radio.Group value={method} onChange={(e) => setMethod(e.target.value as typeof method)}>
          <Radio value="window">窗口领取</Radio><Radio value="mail">邮寄</Radio><Radio value="electronic">电子送达</Radio>
        </Radio.Group>
        {method === 'mail' && <Input style={{ marginTop: 8 }} placeholder="快递单号（必填）" value={tracking} onChange={(e) => setTracking(e.target.value)} />}
      </Modal>
    </Drawer>
  );
}
