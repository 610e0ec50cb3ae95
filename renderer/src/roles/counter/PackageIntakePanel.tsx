// 一件事一次办 at the counter: pick a package, answer its questions (是否需要办理社保卡…), see the
// chosen items with their departments and 承诺时限 and ONE merged materials list (a shared
// material once, tagged with how many items use it), then accept once — or 容缺 / 一次性告知 for
// the package as a whole. The core checks everything again and creates the package case and
// its sub-cases in one transaction.
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Card, Checkbox, Empty, Input, List, Modal, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { core } from '../../bridge/coreBridge';
import { domainLabel } from '../../i18n/domainLabels';
import { useCounter } from './counterStore';
import { newRequestId } from './time';
import type { CaseResult, PackagePlanView, PackageResult, PackageView } from '../../../../domain/contract/core';
import { NameIdRow } from './NameIdRow';

type Decision = { kind: 'accept' } | { kind: 'conditional'; waived: string[]; supplyDeadline: string; commitmentSigned: boolean } | { kind: 'missing' };

export function PackageIntakePanel({ onDone }: { onDone: (r: CaseResult) => void }) {
  const { card, session, queue, run, catalogue } = useCounter();
  const { t } = useTranslation('packages');
  const [packages, setPackages] = useState<PackageView[]>([]);
  const [code, setCode] = useState<string | null>(null);
  const [answers, setAnswers] = useState<Record<string, boolean>>({});
  const [plan, setPlan] = useState<PackagePlanView | null>(null);
  const [got, setGot] = useState<Set<string>>(new Set());
  const [useManual, setUseManual] = useState(false);
  const [manual, setManual] = useState({ name: '', idNumber: '' });
  const [dialog, setDialog] = useState<null | 'conditional'>(null);
  const [waived, setWaived] = useState<string[]>([]);
  const [supplyDeadline, setSupplyDeadline] = useState('');
  const [signed, setSigned] = useState(false);
  const [requestId, setRequestId] = useState(newRequestId);
  const [last, setLast] = useState<PackageResult | null>(null);

  useEffect(() => {
    void core['catalogue.packages']({})
      .then(setPackages)
      .catch(() => setPackages([]));
  }, [catalogue?.count]);

  const pkg = packages.find((p) => p.code === code) ?? null;
  useEffect(() => {
    if (!code) return setPlan(null);
    let live = true;
    void core['catalogue.packagePlan']({ code, answers })
      .then((p) => live && setPlan(p))
      .catch(() => live && setPlan(null));
    return () => {
      live = false;
    };
  }, [code, answers]);

  const choose = (c: string) => {
    const p = packages.find((x) => x.code === c);
    setCode(c);
    setAnswers(Object.fromEntries((p?.questions ?? []).map((q) => [q.id, q.defaultAnswer])));
    setGot(new Set());
    setWaived([]);
  };

  const reset = () => {
    setCode(null);
    setAnswers({});
    setGot(new Set());
    setManual({ name: '', idNumber: '' });
    setDialog(null);
    setWaived([]);
    setSigned(false);
    setSupplyDeadline('');
    setRequestId(newRequestId());
  };
  const ticketId = queue?.current?.id ?? null;
  const lastTicket = useRef(ticketId);
  useEffect(() => {
    if (lastTicket.current === ticketId) return;
    lastTicket.current = ticketId;
    reset();
    setLast(null);
  }, [ticketId]);

  const mats = plan?.materials ?? [];
  const missing = mats.filter((m) => m.required && !got.has(m.name));
  const waivable = missing.filter((m) => m.mayBeWaived);
  const hasApplicant = useManual ? manual.name.trim() !== '' && manual.idNumber.trim() !== '' : card !== null;
  const ready = plan !== null && hasApplicant;

  const submit = (decision: Decision) =>
    run(`decide-package-${decision.kind}`, async () => {
      const r = await core['cases.intakePackage']({
        packageCode: code!,
        answers,
        requestId,
        applicant: useManual ? { manual: { name: manual.name.trim(), idNumber: manual.idNumber.trim() } } : { fromCard: card!.cardId },
        materials: mats.map((m) => ({ name: m.name, received: got.has(m.name) })),
        decision,
        ...(queue?.current ? { ticketId: queue.current.id } : {}),
      });
      reset();
      setLast(r);
      onDone(r);
      return r;
    });

  return (
    <Card size="small" title={t('intake.title')} data-testid="package-intake">
      {last && (
        <Alert
          type="success"
          showIcon
          closable
          onClose={() => setLast(null)}
          style={{ marginBottom: 8 }}
          data-testid="pkg-result"
          message={t('intake.done', { caseNo: last.caseNo })}
          description={
            <Table
              size="small"
              pagination={false}
              rowKey="caseId"
              dataSource={last.subCases}
              columns={[
                { title: t('intake.subCases'), dataIndex: 'itemName', render: (v: string, r) => <span data-testid={`pkg-sub-${r.caseNo}`}>{v}</span> },
                { title: t('intake.caseNo'), dataIndex: 'caseNo' },
                {
                  title: t('intake.due'),
                  dataIndex: 'dueDate',
                  render: (v: string | null, r) => <span data-testid={`pkg-due-${r.caseNo}`}>{v ?? t('intake.onSpot')}</span>,
                },
                { title: '', dataIndex: 'statusLabel', render: (v: string, r) => <Tag>{domainLabel('status', r.status, v)}</Tag> },
              ]}
            />
          }
        />
      )}
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('intake.applicant')}
      </Typography.Title>
      {!useManual &&
        (card ? (
          <Space data-testid="pkg-card">
            <Typography.Text strong style={{ fontSize: 18 }}>
              {card.name}
            </Typography.Text>
            <Typography.Text>{card.idMasked}</Typography.Text>
          </Space>
        ) : (
          session && (
            <Button
              size="small"
              onClick={() => void run('simulateCard', () => core['devices.simulateCard']({ fixture: 'resident' }))}
              data-testid="pkg-simulate-card"
            >
              {t('intake.simulateCard')}
            </Button>
          )
        ))}
      <Space style={{ marginTop: 8, marginLeft: 8 }}>
        <Switch size="small" checked={useManual} onChange={setUseManual} /> <span>{t('intake.manual')}</span>
      </Space>
      {useManual && <NameIdRow value={manual} onChange={setManual} namePlaceholder={t('intake.name')} idPlaceholder={t('intake.idNumber')} />}

      <Select
        style={{ width: '100%', marginTop: 12 }}
        placeholder={t('intake.choose')}
        value={code ?? undefined}
        onChange={choose}
        data-testid="package-select"
        notFoundContent={<Empty description={t('intake.noPackages')} />}
        options={packages.map((p) => ({ value: p.code, label: p.name }))}
      />
      {pkg && pkg.questions.length > 0 && (
        <div style={{ marginTop: 8 }} data-testid="pkg-questions">
          <Typography.Text type="secondary">{t('intake.questions')}</Typography.Text>
          {pkg.questions.map((q) => (
            <div key={q.id} style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', padding: '2px 0' }}>
              <span>{q.text}</span>
              <Switch
                checked={answers[q.id] ?? q.defaultAnswer}
                checkedChildren={t('intake.yes')}
                unCheckedChildren={t('intake.no')}
                onChange={(v) => setAnswers({ ...answers, [q.id]: v })}
                data-testid={`pkg-q-${q.id}`}
              />
            </div>
          ))}
        </div>
      )}
      {plan && (
        <>
          <Typography.Text strong style={{ display: 'block', marginTop: 8 }}>
            {t('intake.items', { n: plan.items.length })}
          </Typography.Text>
          <List
            size="small"
            data-testid="pkg-items"
            dataSource={plan.items}
            renderItem={(it, i) => (
              <List.Item data-testid={`pkg-item-${i}`}>
                <span>
                  {i + 1}. {it.name}
                </span>
                <Typography.Text type="secondary">
                  {t('intake.itemLine', { dept: it.department ?? '—', type: domainLabel('caseType', it.caseType, it.caseTypeLabel) })} ·{' '}
                  {it.caseType === 'immediate' ? t('intake.immediate') : t('intake.days', { n: it.promisedDays })}
                </Typography.Text>
              </List.Item>
            )}
          />
          <Space style={{ marginTop: 8, justifyContent: 'space-between', width: '100%' }}>
            <Typography.Text strong>{t('intake.materials', { n: mats.length })}</Typography.Text>
            <Button size="small" onClick={() => setGot(new Set(mats.map((m) => m.name)))} data-testid="pkg-mats-all">
              {t('intake.allReceived')}
            </Button>
          </Space>
          {mats.map((m, i) => (
            <div key={m.name} style={{ padding: '2px 0' }}>
              <Checkbox
                checked={got.has(m.name)}
                onChange={(e) => {
                  const next = new Set(got);
                  if (e.target.checked) next.add(m.name);
                  else next.delete(m.name);
                  setGot(next);
                }}
                data-testid={`pkg-mat-${i}`}
              >
                {m.name}
              </Checkbox>
              {m.usedBy.length > 1 && (
                <Tag color="blue" title={m.usedBy.map((u) => u.name).join('、')} data-testid={`pkg-shared-${i}`}>
                  {t('intake.usedBy', { n: m.usedBy.length })}
                </Tag>
              )}
              {m.mayBeWaived && <Tag color="orange">{t('intake.waivable')}</Tag>}
            </div>
          ))}
          {missing.length > 0 && (
            <Alert type="warning" showIcon style={{ marginTop: 8 }} message={t('intake.missingHint', { n: missing.length })} data-testid="pkg-missing-hint" />
          )}
          <Space style={{ marginTop: 12 }} wrap>
            <Button type="primary" disabled={!ready || missing.length > 0} onClick={() => void submit({ kind: 'accept' })} data-testid="pkg-accept">
              {t('intake.accept')}
            </Button>
            <Button
              disabled={!ready || waivable.length === 0}
              onClick={() => {
                setWaived(waivable.map((m) => m.name));
                setDialog('conditional');
              }}
              data-testid="pkg-conditional"
            >
              {t('intake.conditional')}
            </Button>
            <Button danger disabled={!ready || missing.length === 0} onClick={() => void submit({ kind: 'missing' })} data-testid="pkg-missing">
              {t('intake.missing')}
            </Button>
          </Space>
        </>
      )}
      <Modal
        open={dialog === 'conditional'}
        title={t('intake.conditional')}
        okText={t('intake.ok')}
        cancelText={t('intake.cancel')}
        onCancel={() => setDialog(null)}
        okButtonProps={{ disabled: !signed || !supplyDeadline || waived.length === 0, 'data-testid': 'pkg-conditional-ok' } as never}
        onOk={() => void submit({ kind: 'conditional', waived, supplyDeadline, commitmentSigned: signed }).then(() => setDialog(null))}
      >
        <Typography.Text>{t('intake.waived')}</Typography.Text>
        <Checkbox.Group value={waived} onChange={(v) => setWaived(v as string[])} options={waivable.map((m) => ({ label: m.name, value: m.name }))} />
        <div style={{ marginTop: 8 }}>
          {t('intake.supplyDeadline')}：
          <Input type="date" value={supplyDeadline} onChange={(e) => setSupplyDeadline(e.target.value)} data-testid="pkg-supply-deadline" />
        </div>
        <Checkbox style={{ marginTop: 8 }} checked={signed} onChange={(e) => setSigned(e.target.checked)}>
          {t('intake.signed')}
        </Checkbox>
      </Modal>
    </Card>
  );
}
