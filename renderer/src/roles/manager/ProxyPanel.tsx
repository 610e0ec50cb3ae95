// 帮办代办: register a service (applicant, project, 代办员, items, milestones with working-day
// deadlines), link cases as they are accepted (the receipt carries the service and the 代办员),
// complete milestones; the workload per 代办员 and a warning for overdue milestones.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Form, Input, InputNumber, Modal, Row, Segmented, Select, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ProxyServiceList, ProxyServiceView } from '../../../../domain/api/practices';
import type { AgentWorkload } from '../../../../domain/practices/proxyService';
import { errText } from './managerApi';
import { practicesApi } from './practicesApi';

interface StaffOption {
  workNo: string;
  name: string;
}

export function ProxyPanel({ onError, version }: { onError: (m: string) => void; version: number }) {
  const { t } = useTranslation('practices');
  const [data, setData] = useState<ProxyServiceList | null>(null);
  const [staff, setStaff] = useState<StaffOption[]>([]);
  const [creating, setCreating] = useState(false);
  const [linking, setLinking] = useState<ProxyServiceView | null>(null);
  const [linked, setLinked] = useState<string | null>(null);
  const [form] = Form.useForm();
  const [linkForm] = Form.useForm();

  const load = useCallback(() => {
    void practicesApi
      .proxies()
      .then(setData)
      .catch((e) => onError(errText(e)));
  }, [onError]);
  useEffect(load, [load, version]);
  useEffect(() => {
    void practicesApi
      .staff()
      .then((r) => setStaff(r.staff.filter((s) => s.active && s.role === 'clerk').map((s) => ({ workNo: s.workNo, name: s.name }))))
      .catch(() => setStaff([]));
  }, []);

  const create = async () => {
    let v: {
      kind: 'person' | 'company';
      name: string;
      organisation?: string;
      creditCode?: string;
      project: string;
      agentWorkNo: string;
      items?: string;
      startedOn?: string;
      milestones: { title: string; days: number }[];
    };
    try {
      v = (await form.validateFields()) as typeof v;
    } catch {
      return;
    }
    try {
      await practicesApi.createProxy({
        applicant: { kind: v.kind, name: v.name.trim(), organisation: v.organisation?.trim() || undefined, creditCode: v.creditCode?.trim() || undefined },
        project: v.project.trim(),
        agentWorkNo: v.agentWorkNo,
        items: (v.items ?? '')
          .split(/[,，、\s]+/)
          .map((x) => x.trim())
          .filter(Boolean),
        milestones: v.milestones.filter((m) => m?.title?.trim()).map((m) => ({ title: m.title.trim(), days: Number(m.days) })),
        ...(v.startedOn?.trim() ? { startedOn: v.startedOn.trim() } : {}),
      });
      setCreating(false);
      form.resetFields();
      load();
    } catch (e) {
      onError(errText(e));
    }
  };

  const link = async () => {
    if (!linking) return;
    let v: { caseNo: string; itemCode?: string };
    try {
      v = (await linkForm.validateFields()) as typeof v;
    } catch {
      return;
    }
    try {
      const r = await practicesApi.linkCase(linking.id, v.caseNo.trim(), v.itemCode?.trim() || undefined);
      setLinked(r.receiptLines.filter((l) => /^代办(服务|员)/.test(l)).join(' / '));
      setLinking(null);
      linkForm.resetFields();
      load();
    } catch (e) {
      onError(errText(e));
    }
  };

  const done = (s: ProxyServiceView, key: string) =>
    void practicesApi
      .milestoneDone(s.id, key)
      .then(load)
      .catch((e) => onError(errText(e)));

  const overdue = data?.services.reduce((n, s) => n + s.overdueMilestones, 0) ?? 0;
  return (
    <div data-testid="practices-proxy">
      {overdue > 0 && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} message={t('proxy.overdueWarning', { n: overdue })} data-testid="proxy-overdue-warning" />
      )}
      {linked && (
        <Alert
          type="success"
          closable
          onClose={() => setLinked(null)}
          style={{ marginBottom: 12 }}
          message={t('proxy.linked', { text: linked })}
          data-testid="proxy-linked"
        />
      )}
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" onClick={() => setCreating(true)} data-testid="proxy-register-open">
          {t('proxy.register')}
        </Button>
      </Space>
      <Card size="small" title={t('proxy.workload')} style={{ marginBottom: 12 }}>
        <Table<AgentWorkload>
          size="small"
          rowKey="agentWorkNo"
          pagination={false}
          dataSource={data?.workload ?? []}
          data-testid="proxy-workload"
          columns={[
            { title: t('proxy.agent'), render: (_: unknown, w) => `${w.agentName}（${w.agentWorkNo}）` },
            { title: t('proxy.activeServices'), dataIndex: 'active' },
            { title: t('proxy.completedServices'), dataIndex: 'completed' },
            { title: t('proxy.caseCount'), dataIndex: 'cases' },
            { title: t('proxy.openMilestones'), dataIndex: 'openMilestones' },
            { title: t('proxy.overdueMilestones'), dataIndex: 'overdueMilestones', render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0) },
            { title: t('proxy.dueSoon'), dataIndex: 'dueSoon', render: (n: number) => (n ? <Tag color="orange">{n}</Tag> : 0) },
          ]}
        />
      </Card>
      <Table<ProxyServiceView>
        size="small"
        rowKey="id"
        dataSource={data?.services ?? []}
        pagination={{ pageSize: 10 }}
        locale={{ emptyText: t('proxy.empty') }}
        onRow={(s) => ({ 'data-testid': `proxy-row-${s.no}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          { title: t('proxy.no'), dataIndex: 'no' },
          { title: t('proxy.project'), dataIndex: 'project' },
          { title: t('proxy.applicant'), render: (_: unknown, s) => s.applicant.organisation ?? s.applicant.name },
          { title: t('proxy.agent'), render: (_: unknown, s) => `${s.agentName}（${s.agentWorkNo}）` },
          {
            title: t('proxy.milestones'),
            render: (_: unknown, s) => (
              <Space size={4} wrap>
                {s.milestoneStates.map((m) => (
                  <Tag
                    key={m.key}
                    color={m.done ? (m.overdueDays ? 'orange' : 'green') : m.overdueDays ? 'red' : m.dueSoon ? 'gold' : 'default'}
                    data-testid={`proxy-m-${s.no}-${m.key}`}
                  >
                    {m.title} · {m.done ? t('proxy.doneOn', { d: s.milestones.find((x) => x.key === m.key)?.doneOn }) : t('proxy.dueOn', { d: m.dueOn })}
                    {!m.done && m.overdueDays ? ` · ${t('proxy.late', { n: m.overdueDays })}` : ''}
                    {!m.done && m.dueSoon ? ` · ${t('proxy.soon')}` : ''}
                    {!m.done && s.status === 'active' && (
                      <a style={{ marginLeft: 6 }} onClick={() => done(s, m.key)} data-testid={`proxy-done-${s.no}-${m.key}`}>
                        {t('proxy.done')}
                      </a>
                    )}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: t('proxy.cases'),
            render: (_: unknown, s) => <span data-testid={`proxy-cases-${s.no}`}>{s.cases.length ? s.cases.map((c) => c.caseNo).join('、') : '—'}</span>,
          },
          {
            title: '',
            dataIndex: 'status',
            render: (x: 'active' | 'completed') => <Tag color={x === 'active' ? 'blue' : 'green'}>{t(`proxy.status.${x}`)}</Tag>,
          },
          {
            title: '',
            render: (_: unknown, s) =>
              s.status === 'active' && (
                <Button size="small" onClick={() => setLinking(s)} data-testid={`proxy-link-${s.no}`}>
                  {t('proxy.linkCase')}
                </Button>
              ),
          },
        ]}
      />

      <Modal
        open={creating}
        title={t('proxy.title')}
        onCancel={() => setCreating(false)}
        onOk={() => void create()}
        okText={t('proxy.submit')}
        cancelText={t('ledger.cancel')}
        width={720}
        okButtonProps={{ 'data-testid': 'proxy-register-submit' }}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" initialValues={{ kind: 'company', milestones: [{ title: '', days: 2 }] }}>
          <Row gutter={12}>
            <Col span={8}>
              <Form.Item name="kind" label={t('proxy.applicantKind')}>
                <Segmented
                  options={[
                    { value: 'person', label: t('record.person') },
                    { value: 'company', label: t('record.company') },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="name" label={t('proxy.name')} rules={[{ required: true, message: t('record.required', { f: t('proxy.name') }) }]}>
                <Input data-testid="proxy-name" maxLength={60} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="organisation" label={t('proxy.organisation')}>
                <Input data-testid="proxy-org" maxLength={100} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={12}>
              <Form.Item name="project" label={t('proxy.project')} rules={[{ required: true, message: t('record.required', { f: t('proxy.project') }) }]}>
                <Input data-testid="proxy-project" maxLength={100} />
              </Form.Item>
            </Col>
            <Col span={12}>
              <Form.Item name="agentWorkNo" label={t('proxy.agent')} rules={[{ required: true, message: t('record.required', { f: t('proxy.agent') }) }]}>
                <Select data-testid="proxy-agent" options={staff.map((s) => ({ value: s.workNo, label: `${s.name}（${s.workNo}）` }))} />
              </Form.Item>
            </Col>
          </Row>
          <Row gutter={12}>
            <Col span={16}>
              <Form.Item name="items" label={t('proxy.items')}>
                <Input data-testid="proxy-items" maxLength={400} />
              </Form.Item>
            </Col>
            <Col span={8}>
              {/* A service registered afterwards keeps its real start: the milestones count from it. */}
              <Form.Item name="startedOn" label={t('proxy.startedOn')} rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}>
                <Input placeholder={data?.today ?? 'YYYY-MM-DD'} data-testid="proxy-started" maxLength={10} />
              </Form.Item>
            </Col>
          </Row>
          <Form.List name="milestones">
            {(fields, { add }) => (
              <>
                <div style={{ marginBottom: 6 }}>{t('proxy.milestones')}</div>
                {fields.map((f) => (
                  <Space key={f.key} align="baseline">
                    <Form.Item name={[f.name, 'title']} rules={[{ required: true, message: t('record.required', { f: t('proxy.milestoneTitle') }) }]}>
                      <Input placeholder={t('proxy.milestoneTitle')} data-testid={`proxy-m-title-${f.name}`} maxLength={60} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'days']} rules={[{ required: true, message: t('record.required', { f: t('proxy.milestoneDays') }) }]}>
                      <InputNumber min={0} max={365} placeholder={t('proxy.milestoneDays')} data-testid={`proxy-m-days-${f.name}`} />
                    </Form.Item>
                  </Space>
                ))}
                <Button size="small" onClick={() => add({ title: '', days: 5 })} data-testid="proxy-add-milestone">
                  {t('proxy.addMilestone')}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>

      <Modal
        open={!!linking}
        title={linking ? t('proxy.linkTitle', { no: linking.no }) : ''}
        onCancel={() => setLinking(null)}
        onOk={() => void link()}
        okText={t('ledger.ok')}
        cancelText={t('ledger.cancel')}
        okButtonProps={{ 'data-testid': 'proxy-link-ok' }}
        destroyOnHidden
      >
        <Form form={linkForm} layout="vertical" preserve={false}>
          <Form.Item name="caseNo" label={t('proxy.caseNo')} rules={[{ required: true, message: t('record.required', { f: t('proxy.caseNo') }) }]}>
            <Input data-testid="proxy-case-no" maxLength={40} />
          </Form.Item>
          <Form.Item name="itemCode" label={t('proxy.itemCode')}>
            <Input data-testid="proxy-item-code" maxLength={40} />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
