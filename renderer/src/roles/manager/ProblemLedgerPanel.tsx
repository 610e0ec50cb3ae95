// 「办不成事」: the window's record form (who — masked once saved —, what they tried, where it failed,
// what they ask for; the slip with the problem number and promised answer date), and the problem
// ledger: open / overdue / closed by department and cause, each problem taken through
// 交办 → 协调 → 办结 → 回访 with its history, and the XLSX export.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Col, Drawer, Form, Input, InputNumber, Modal, Row, Segmented, Space, Table, Tag, Timeline } from 'antd';
import { useTranslation } from 'react-i18next';
import { SATISFACTION_LEVELS, type ProblemCause, type Satisfaction } from '../../../../domain/practices/problemLedger';
import type { ProblemDetail, ProblemLedger, ProblemRecorded, ProblemView } from '../../../../domain/api/practices';
import { hallFmt } from '../../hooks/hallZone';
import { errText } from './managerApi';
import { practicesApi, type ProblemActionBody, type ProblemRecordBody } from './practicesApi';
import { ProblemRecordForm, problemBodyFrom } from '../../components/ProblemRecordForm';

type Filter = '' | 'open' | 'overdue' | 'closed';
type ActKind = 'assign' | 'note' | 'resolve' | 'callback';

const STATUS_COLOR: Record<string, string> = { received: 'blue', coordinating: 'gold', resolved: 'green', calledBack: 'default' };

export function ProblemLedgerPanel({ onError, version }: { onError: (m: string) => void; version: number }) {
  const { t } = useTranslation('practices');
  const [filter, setFilter] = useState<Filter>('');
  const [data, setData] = useState<ProblemLedger | null>(null);
  const [recording, setRecording] = useState(false);
  const [recorded, setRecorded] = useState<ProblemRecorded | null>(null);
  const [acting, setActing] = useState<{ p: ProblemView; kind: ActKind } | null>(null);
  const [detail, setDetail] = useState<ProblemDetail | null>(null);
  const [form] = Form.useForm();
  const [actForm] = Form.useForm();

  const load = useCallback(() => {
    void practicesApi
      .ledger(filter ? { status: filter } : {})
      .then(setData)
      .catch((e) => onError(errText(e)));
  }, [filter, onError]);
  useEffect(load, [load, version]);

  const record = async () => {
    let v: Record<string, string | number | undefined>;
    try {
      v = (await form.validateFields()) as typeof v;
    } catch {
      return;
    }
    const body: ProblemRecordBody = problemBodyFrom(v);
    try {
      const r = await practicesApi.recordProblem(body);
      setRecorded(r);
      setRecording(false);
      form.resetFields();
      load();
    } catch (e) {
      onError(errText(e));
    }
  };

  const act = async () => {
    if (!acting) return;
    let v: Record<string, string | number | undefined>;
    try {
      v = (await actForm.validateFields()) as typeof v;
    } catch {
      return;
    }
    const { kind, p } = acting;
    const body: ProblemActionBody =
      kind === 'assign'
        ? { type: 'assign', department: String(v.department), assignee: String(v.assignee), ...(v.days ? { days: Number(v.days) } : {}) }
        : kind === 'callback'
          ? { type: 'callback', satisfaction: v.satisfaction as Satisfaction, note: String(v.note ?? '') }
          : { type: kind, note: String(v.note) };
    try {
      await practicesApi.act(p.id, body);
      setActing(null);
      actForm.resetFields();
      load();
    } catch (e) {
      onError(errText(e));
    }
  };

  const openActing = (p: ProblemView, kind: ActKind) => {
    actForm.resetFields();
    if (kind === 'assign') actForm.setFieldsValue({ department: p.assignment?.department ?? p.failedAt.department });
    if (kind === 'callback') actForm.setFieldsValue({ satisfaction: 'satisfied' });
    setActing({ p, kind });
  };

  const showDetail = (id: string) =>
    void practicesApi
      .problem(id)
      .then(setDetail)
      .catch((e) => onError(errText(e)));

  const c = data?.counts;
  const next = (p: ProblemView): ActKind[] =>
    p.status === 'received' ? ['assign'] : p.status === 'coordinating' ? ['note', 'resolve', 'assign'] : p.status === 'resolved' ? ['callback'] : [];

  return (
    <div data-testid="practices-ledger">
      <div className="mgr-summary">
        <div className="mgr-kpi">
          <div className="v" data-testid="ledger-open">
            {c?.open ?? '—'}
          </div>
          <div className="k">{t('ledger.open')}</div>
        </div>
        <div className="mgr-kpi">
          <div className="v" data-testid="ledger-overdue" style={{ color: c?.overdue ? '#cf1322' : undefined }}>
            {c?.overdue ?? '—'}
          </div>
          <div className="k">{t('ledger.overdue')}</div>
        </div>
        <div className="mgr-kpi">
          <div className="v" data-testid="ledger-closed">
            {c?.closed ?? '—'}
          </div>
          <div className="k">{t('ledger.closed')}</div>
        </div>
        <div className="mgr-kpi">
          <div className="v">{c?.satisfactionRate == null ? '—' : `${Math.round(c.satisfactionRate * 100)}%`}</div>
          <div className="k">{t('ledger.satisfaction')}</div>
        </div>
      </div>
      <Space style={{ marginBottom: 12 }} wrap>
        <Button type="primary" onClick={() => setRecording(true)} data-testid="problem-record-open">
          {t('record.open')}
        </Button>
        <Segmented
          value={filter}
          onChange={(v) => setFilter(v as Filter)}
          options={[
            { value: '', label: t('ledger.total') },
            { value: 'open', label: t('ledger.open') },
            { value: 'overdue', label: t('ledger.overdue') },
            { value: 'closed', label: t('ledger.closed') },
          ]}
          data-testid="ledger-filter"
        />
        <Button
          onClick={() => void practicesApi.downloadLedger(`problem-ledger-${data?.today ?? ''}.xlsx`).catch((e) => onError(errText(e)))}
          data-testid="ledger-export"
        >
          {t('ledger.export')}
        </Button>
      </Space>
      {recorded && (
        <Alert
          style={{ marginBottom: 12 }}
          type={recorded.slip.printed ? 'success' : 'warning'}
          closable
          onClose={() => setRecorded(null)}
          data-testid="problem-slip"
          message={
            recorded.slip.printed
              ? `${t('record.printed')} · ${recorded.problem.no}`
              : recorded.slip.printError
                ? t('record.printFailed', { e: recorded.slip.printError })
                : t('record.notPrinted', { no: recorded.problem.no })
          }
          description={<pre className="practices-slip">{recorded.slip.lines.join('\n')}</pre>}
        />
      )}
      <Row gutter={12} style={{ marginBottom: 12 }}>
        <Col span={14}>
          <Card size="small" title={t('ledger.byDepartment')}>
            <Table
              size="small"
              rowKey="department"
              pagination={false}
              dataSource={c?.byDepartment ?? []}
              data-testid="ledger-by-department"
              columns={[
                { title: t('ledger.department'), dataIndex: 'department' },
                { title: t('ledger.open'), dataIndex: 'open' },
                { title: t('ledger.overdue'), dataIndex: 'overdue', render: (n: number) => (n ? <Tag color="red">{n}</Tag> : 0) },
                { title: t('ledger.closed'), dataIndex: 'closed' },
              ]}
            />
          </Card>
        </Col>
        <Col span={10}>
          <Card size="small" title={t('ledger.byCause')}>
            <Table
              size="small"
              rowKey="cause"
              pagination={false}
              dataSource={c?.byCause ?? []}
              columns={[
                { title: t('ledger.byCause'), dataIndex: 'cause', render: (x: ProblemCause) => t(`cause.${x}`) },
                { title: t('ledger.count'), dataIndex: 'count' },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <Table<ProblemView>
        size="small"
        rowKey="id"
        dataSource={data?.problems ?? []}
        pagination={{ pageSize: 15 }}
        locale={{ emptyText: t('ledger.empty') }}
        onRow={(p) => ({ 'data-testid': `problem-row-${p.no}` }) as React.HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: t('ledger.no'),
            dataIndex: 'no',
            render: (no: string, p) => (
              <a onClick={() => showDetail(p.id)} data-testid={`problem-open-${no}`}>
                {no}
              </a>
            ),
          },
          { title: t('ledger.recorded'), dataIndex: 'recordedOn' },
          { title: t('ledger.applicant'), render: (_: unknown, p) => p.applicant.organisation ?? p.applicant.name },
          { title: t('ledger.failedAt'), render: (_: unknown, p) => `${p.failedAt.department}${p.failedAt.item ? ` · ${p.failedAt.item}` : ''}` },
          { title: t('ledger.byCause'), dataIndex: 'cause', render: (x: ProblemCause) => t(`cause.${x}`) },
          { title: t('ledger.assignee'), render: (_: unknown, p) => (p.assignment ? `${p.assignment.department} / ${p.assignment.assignee}` : '—') },
          {
            title: t('ledger.due'),
            render: (_: unknown, p) => (
              <Space size={2} wrap>
                <span>{p.dueOn}</span>
                {p.deadline.overdue ? (
                  <Tag color="red">{t('ledger.late', { n: p.deadline.overdueDays })}</Tag>
                ) : p.status === 'received' || p.status === 'coordinating' ? (
                  <Tag>{t('ledger.left', { n: p.deadline.daysLeft })}</Tag>
                ) : null}
                {p.escalationLevel > 0 && <Tag color="volcano">{t(`escalation.${p.escalationLevel}`)}</Tag>}
              </Space>
            ),
          },
          {
            title: t('ledger.state'),
            dataIndex: 'status',
            render: (s: string, p) => (
              <Tag color={STATUS_COLOR[s]} data-testid={`problem-status-${p.no}`}>
                {t(`status.${s}`)}
                {p.callback ? ` · ${t(`satisfaction.${p.callback.satisfaction}`)}` : ''}
              </Tag>
            ),
          },
          {
            title: '',
            render: (_: unknown, p) => (
              <Space size={4}>
                {next(p).map((k, i) => (
                  <Button key={k} size="small" type={i === 0 ? 'primary' : 'default'} onClick={() => openActing(p, k)} data-testid={`problem-${k}-${p.no}`}>
                    {t(`ledger.${k}`)}
                  </Button>
                ))}
              </Space>
            ),
          },
        ]}
      />

      <Modal
        open={recording}
        title={t('record.title')}
        onCancel={() => setRecording(false)}
        onOk={() => void record()}
        okText={t('record.submit')}
        cancelText={t('ledger.cancel')}
        width={720}
        okButtonProps={{ 'data-testid': 'problem-record-submit' }}
        destroyOnHidden
      >
        <ProblemRecordForm form={form} />
      </Modal>

      <Modal
        open={!!acting}
        title={acting ? t(`ledger.${acting.kind}Title`, { no: acting.p.no }) : ''}
        onCancel={() => setActing(null)}
        onOk={() => void act()}
        okText={t('ledger.ok')}
        cancelText={t('ledger.cancel')}
        okButtonProps={{ 'data-testid': 'problem-act-ok' }}
        destroyOnHidden
      >
        <Form form={actForm} layout="vertical" preserve={false}>
          {acting?.kind === 'assign' && (
            <>
              <Form.Item
                name="department"
                label={t('ledger.assignDept')}
                rules={[{ required: true, message: t('record.required', { f: t('ledger.assignDept') }) }]}
              >
                <Input data-testid="problem-assign-dept" maxLength={60} />
              </Form.Item>
              <Form.Item
                name="assignee"
                label={t('ledger.assignPerson')}
                rules={[{ required: true, message: t('record.required', { f: t('ledger.assignPerson') }) }]}
              >
                <Input data-testid="problem-assign-person" maxLength={40} />
              </Form.Item>
              <Form.Item name="days" label={t('ledger.assignDays')}>
                <InputNumber min={1} max={60} />
              </Form.Item>
            </>
          )}
          {acting?.kind === 'callback' && (
            <Form.Item name="satisfaction" label={t('ledger.satisfactionLabel')}>
              <Segmented data-testid="problem-satisfaction" options={SATISFACTION_LEVELS.map((x) => ({ value: x, label: t(`satisfaction.${x}`) }))} />
            </Form.Item>
          )}
          {acting && acting.kind !== 'assign' && (
            <Form.Item
              name="note"
              label={t('ledger.noteText')}
              rules={acting.kind === 'callback' ? [] : [{ required: true, message: t('record.required', { f: t('ledger.noteText') }) }]}
            >
              <Input.TextArea rows={3} maxLength={1000} data-testid="problem-act-note" />
            </Form.Item>
          )}
        </Form>
      </Modal>

      <Drawer
        open={!!detail}
        onClose={() => setDetail(null)}
        width={560}
        title={detail ? `${detail.no} · ${t(`status.${detail.status}`)}` : ''}
        data-testid="problem-detail"
      >
        {detail && (
          <>
            <p>
              {detail.applicant.organisation ?? detail.applicant.name}
              {detail.applicant.idNumber ? ` · ${detail.applicant.idNumber}` : ''}
              {detail.applicant.phone ? ` · ${detail.applicant.phone}` : ''}
            </p>
            <p>
              <b>{t('record.tried')}：</b>
              {detail.tried}
            </p>
            <p>
              <b>{t('record.asks')}：</b>
              {detail.asks}
            </p>
            <h4>{t('ledger.history')}</h4>
            <Timeline
              data-testid="problem-history"
              items={detail.events.map((e) => ({
                color: e.type === 'escalated' ? 'red' : 'blue',
                children: (
                  <span>
                    {hallFmt.full(e.at).slice(0, 16)} · <b>{t(`ledger.event.${e.type}`, { defaultValue: e.type })}</b> · {e.actor}
                    {typeof e.data.note === 'string' && e.data.note ? ` · ${e.data.note}` : ''}
                    {typeof e.data.assignee === 'string' ? ` · ${String(e.data.department)} / ${e.data.assignee}` : ''}
                    {typeof e.data.satisfaction === 'string' ? ` · ${t(`satisfaction.${e.data.satisfaction}`)}` : ''}
                  </span>
                ),
              }))}
            />
          </>
        )}
      </Drawer>
    </div>
  );
}
