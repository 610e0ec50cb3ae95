// Case intake: applicant (from the ID reader, no typing; manual entry as a fallback), the
// service item (search by name, pinyin initials or code), the materials checklist, and the four
// decisions. The core validates everything again; this screen only makes the right thing easy.
import { domainLabel } from '../../i18n/domainLabels';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Card, Checkbox, Col, Divider, Empty, Input, InputNumber, List, Modal, Row, Select, Space, Switch, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { core } from '../../bridge/coreBridge';
import { useCounter } from './counterStore';
import { ProxySelect } from './MyProxy';
import { newRequestId } from './time';
import type { CaseResult, CatalogueItemView, Decision, FetchedLicenceView } from '../../../../domain/contract/core';
import { LicenceFetch, LicenceTag, type LicenceMaterial } from './LicenceFetch';
import { NameIdRow } from './NameIdRow';

const FORMS = ['original', 'copy', 'both', 'electronic'] as const;
type Form = (typeof FORMS)[number];
const REFUSE_REASONS = ['notRequired', 'notCompetent', 'notEligible'] as const;
interface MatLine {
  name: string;
  received: boolean;
  originalOrCopy: Form;
  count: number;
  mayBeWaived: boolean;
  required: boolean;
  requirement: string;
  licenceType?: LicenceMaterial['licenceType'];
  licenceLabel?: string;
  /** 免提交: the e-licence fetched for it (LicenceFetch). */
  fetched?: FetchedLicenceView;
  paperFallback?: 'serviceDown' | 'declined';
}
interface Manual {
  name: string;
  idNumber: string;
}

export function IntakePanel({ onDone }: { onDone: (r: CaseResult) => void }) {
  const { card, session, queue, busy, run, catalogue, error, clearError } = useCounter();
  const { t, i18n } = useTranslation('counter');
  // A refusal reason is printed on the Chinese notice, so a preset fills in its Chinese text.
  const zh = i18n.getFixedT('zh-CN', 'counter');
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<CatalogueItemView[]>([]);
  const [item, setItem] = useState<CatalogueItemView | null>(null);
  const [mats, setMats] = useState<MatLine[]>([]);
  const [useManual, setUseManual] = useState(false);
  const [manual, setManual] = useState<Manual>({ name: '', idNumber: '' });
  const [phone, setPhone] = useState('');
  const [agentOn, setAgentOn] = useState(false);
  const [agent, setAgent] = useState<Manual>({ name: '', idNumber: '' });
  const [companyOn, setCompanyOn] = useState(false);
  const [company, setCompany] = useState({ name: '', creditCode: '' });
  const [dialog, setDialog] = useState<null | 'conditional' | 'missing' | 'refuse'>(null);
  const [waived, setWaived] = useState<string[]>([]);
  const [supplyDeadline, setSupplyDeadline] = useState('');
  const [signed, setSigned] = useState(false);
  const [refuseReason, setRefuseReason] = useState('');
  const [refuseCode, setRefuseCode] = useState<string | undefined>(undefined);
  // 行政许可法 §32(1)(二): a refusal as 不属于本机关职权范围 tells the applicant where to apply.
  const [authority, setAuthority] = useState('');
  const needsAuthority = refuseCode === 'notCompetent';
  const [requestId, setRequestId] = useState(newRequestId);
  const [proxyServiceId, setProxyServiceId] = useState<string | undefined>(undefined);

  useEffect(() => {
    let live = true;
    void core['catalogue.search']({ query, limit: 12 })
      .then((r) => live && setHits(r))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [query, catalogue?.count]);

  const choose = (code: string) => {
    const it = hits.find((h) => h.code === code) ?? null;
    setItem(it);
    setMats(
      (it?.materials ?? []).map((m) => ({
        name: m.name,
        received: false,
        originalOrCopy: m.originalOrCopy,
        count: Math.max(1, m.count),
        mayBeWaived: m.mayBeWaived,
        required: m.required,
        requirement: m.requirement,
        licenceType: m.licenceType,
        licenceLabel: m.licenceLabel,
      })),
    );
    setWaived([]);
  };

  const missing = mats.filter((m) => m.required && !m.received);
  const waivableMissing = missing.filter((m) => m.mayBeWaived);
  const hasApplicant = useManual ? manual.name.trim() !== '' && manual.idNumber.trim() !== '' : card !== null;
  const ready = item !== null && hasApplicant;
  const immediate = item?.caseType === 'immediate';

  const applicant = () => ({
    ...(useManual ? { manual: { name: manual.name.trim(), idNumber: manual.idNumber.trim() } } : { fromCard: card!.cardId }),
    ...(phone.trim() ? { phone: phone.trim() } : {}),
    ...(agentOn ? { agent: { manual: { name: agent.name.trim(), idNumber: agent.idNumber.trim() } } } : {}),
    ...(companyOn ? { company: { name: company.name.trim(), creditCode: company.creditCode.trim().toUpperCase() } } : {}),
  });

  // 清空 clears everything, the card read too (the core forgets it and zeroes its photo bytes).
  const reset = (keepCard = false) => {
    if (!keepCard) void core['devices.clearCard']({}).catch(() => undefined);
    setItem(null);
    setMats([]);
    setQuery('');
    setManual({ name: '', idNumber: '' });
    setPhone('');
    setAgentOn(false);
    setCompanyOn(false);
    setDialog(null);
    setWaived([]);
    setSigned(false);
    setRefuseReason('');
    setSupplyDeadline('');
    setProxyServiceId(undefined);
    setRequestId(newRequestId());
  };

  // The applicant belongs to the ticket being served: a new ticket (or none) starts a blank form.
  // (The core clears the card itself on call / finish / no-show / transfer.)
  const ticketId = queue?.current?.id ?? null;
  const lastTicket = useRef(ticketId);
  useEffect(() => {
    if (lastTicket.current === ticketId) return;
    lastTicket.current = ticketId;
    reset(true);
  }, [ticketId]);

  // On a refusal by the core the dialog closes, so the error banner and the form field to fix are in view.
  const submit = async (decision: Decision) => {
    const r = await decide(decision);
    if (!r) setDialog(null);
  };
  const decide = (decision: Decision) =>
    run(`decide-${decision.kind}`, async () => {
      const r = await core['cases.intake']({
        itemCode: item!.code,
        requestId,
        applicant: applicant(),
        materials: mats.map((m) => ({
          name: m.name,
          received: m.received,
          originalOrCopy: m.originalOrCopy,
          count: m.count,
          ...(m.fetched ? { licenceFetchId: m.fetched.fetchId } : {}),
          ...(m.paperFallback ? { paperFallback: m.paperFallback } : {}),
        })),
        decision,
        ...(queue?.current ? { ticketId: queue.current.id } : {}),
        ...(proxyServiceId ? { proxyServiceId } : {}),
      });
      setDialog(null);
      reset();
      onDone(r);
      return r;
    });

  const sim = session !== null; // simulateCard answers SIMULATOR_DISABLED outside the demo
  const itemOptions = useMemo(
    () =>
      hits.map((h) => ({
        value: h.code,
        label: t('intake.itemOption', {
          name: h.name,
          type: domainLabel('caseType', h.caseType, h.caseTypeLabel),
          days: h.promisedDays ? t('intake.itemOptionDays', { n: h.promisedDays, count: h.promisedDays }) : '',
        }),
      })),
    [hits, t],
  );

  return (
    <Card
      size="small"
      title={t('intake.title')}
      extra={
        <Button size="small" onClick={() => reset()} data-testid="intake-reset">
          {t('intake.reset')}
        </Button>
      }
    >
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('intake.applicant')}
      </Typography.Title>
      {!useManual &&
        (card ? (
          <div
            data-testid="card-view"
            style={{
              border: `1px solid ${card.problem ? '#faad14' : '#b7eb8f'}`,
              background: card.problem ? '#fffbe6' : '#f6ffed',
              borderRadius: 6,
              padding: '8px 12px',
            }}
          >
            <div style={{ display: 'flex', alignItems: 'center', gap: 16, flexWrap: 'wrap' }}>
              <Typography.Text strong style={{ fontSize: 20, whiteSpace: 'nowrap' }} data-testid="card-name">
                {card.name}
              </Typography.Text>
              <Typography.Text style={{ fontSize: 16, whiteSpace: 'nowrap' }} data-testid="card-id">
                {card.idMasked}
              </Typography.Text>
              <Tag>{card.kindLabel}</Tag>
              <span>{card.sex}</span>
              <span style={{ flex: 1 }} />
              <Button size="small" onClick={() => void core['devices.clearCard']({})}>
                {t('intake.clearCard')}
              </Button>
            </div>
            <Typography.Text type={card.problem ? 'warning' : 'secondary'} style={{ fontSize: 12 }}>
              {card.problem ?? t('intake.fromReader')}
              {card.photo === 'unavailable' ? t('intake.noPhoto') : ''}
            </Typography.Text>
          </div>
        ) : (
          <Alert
            type="info"
            showIcon
            message={t('intake.putCard')}
            description={t('intake.putCardHint')}
            action={
              sim ? (
                <Button
                  size="small"
                  onClick={() => void run('simulateCard', () => core['devices.simulateCard']({ fixture: 'resident' }))}
                  data-testid="btn-simulate-card"
                >
                  {t('intake.simulateCard')}
                </Button>
              ) : undefined
            }
          />
        ))}
      <Space style={{ marginTop: 8 }} wrap>
        <Switch checked={useManual} onChange={setUseManual} data-testid="toggle-manual" /> <span>{t('intake.manual')}</span>
      </Space>
      {useManual && (
        <Row gutter={8} style={{ marginTop: 8 }}>
          <Col span={8}>
            <Input
              placeholder={t('intake.name')}
              value={manual.name}
              onChange={(e) => setManual({ ...manual, name: e.target.value })}
              data-testid="manual-name"
            />
          </Col>
          <Col span={16}>
            <Input
              placeholder={t('intake.idNumber')}
              value={manual.idNumber}
              maxLength={18}
              onChange={(e) => setManual({ ...manual, idNumber: e.target.value.toUpperCase() })}
              data-testid="manual-id"
            />
          </Col>
        </Row>
      )}
      <Row gutter={8} style={{ marginTop: 8 }}>
        <Col span={10}>
          <Input placeholder={t('intake.phone')} value={phone} onChange={(e) => setPhone(e.target.value)} data-testid="phone" />
        </Col>
        <Col span={14}>
          <Space>
            <Checkbox checked={agentOn} onChange={(e) => setAgentOn(e.target.checked)}>
              {t('intake.agent')}
            </Checkbox>
            <Checkbox checked={companyOn} onChange={(e) => setCompanyOn(e.target.checked)}>
              {t('intake.company')}
            </Checkbox>
          </Space>
        </Col>
      </Row>
      {agentOn && <NameIdRow value={agent} onChange={setAgent} namePlaceholder={t('intake.agentName')} idPlaceholder={t('intake.agentId')} />}
      {companyOn && (
        <Row gutter={8} style={{ marginTop: 8 }}>
          <Col span={12}>
            <Input placeholder={t('intake.companyName')} value={company.name} onChange={(e) => setCompany({ ...company, name: e.target.value })} />
          </Col>
          <Col span={12}>
            <Input
              placeholder={t('intake.creditCode')}
              maxLength={18}
              value={company.creditCode}
              onChange={(e) => setCompany({ ...company, creditCode: e.target.value.toUpperCase() })}
            />
          </Col>
        </Row>
      )}

      <Divider style={{ margin: '12px 0' }} />
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('intake.item')}
      </Typography.Title>
      <Select
        showSearch
        style={{ width: '100%' }}
        size="large"
        placeholder={t('intake.itemPlaceholder')}
        filterOption={false}
        onSearch={setQuery}
        onChange={choose}
        value={item?.code}
        options={itemOptions}
        notFoundContent={catalogue?.count ? t('intake.noMatch') : t('intake.noCatalogue')}
        data-testid="item-select"
      />
      {item && (
        <div style={{ margin: '8px 0', display: 'flex', gap: 12, flexWrap: 'wrap', alignItems: 'center' }} data-testid="item-summary">
          <Tag color={immediate ? 'green' : 'blue'} style={{ marginInlineEnd: 0 }}>
            {domainLabel('caseType', item.caseType, item.caseTypeLabel)}
          </Tag>
          {item.commitmentLabel && <span>{item.commitmentLabel}</span>}
          <span>
            {t('intake.promised')}
            <b>{item.promisedDays ? t('intake.promisedDays', { n: item.promisedDays, count: item.promisedDays }) : t('intake.immediate')}</b>
          </span>
          <Typography.Text type="secondary" ellipsis={{ tooltip: item.fee }} style={{ maxWidth: 260 }}>
            {t('intake.fee', { fee: item.fee })}
          </Typography.Text>
        </div>
      )}
      {item && (
        <List
          size="small"
          bordered
          header={
            <Space style={{ width: '100%', justifyContent: 'space-between' }}>
              <span>{t('intake.materials')}</span>
              <LicenceFetch
                caseRef={requestId}
                itemName={item.name}
                materials={mats}
                applicant={() => (hasApplicant ? applicant() : null)}
                onFetched={(f) =>
                  setMats((ms) => ms.map((x) => (x.name === f.material ? { ...x, received: true, originalOrCopy: 'electronic', count: 1, fetched: f } : x)))
                }
                onPaper={(names, reason) => setMats((ms) => ms.map((x) => (names.includes(x.name) ? { ...x, received: true, paperFallback: reason } : x)))}
              />
              <Button size="small" onClick={() => setMats(mats.map((m) => ({ ...m, received: true })))} data-testid="mats-all">
                {t('intake.allReceived')}
              </Button>
            </Space>
          }
          dataSource={mats}
          renderItem={(m, i) => (
            <List.Item data-testid={`mat-${i}`}>
              <Checkbox
                checked={m.received}
                onChange={(e) => setMats(mats.map((x, j) => (j === i ? { ...x, received: e.target.checked } : x)))}
                data-testid={`mat-check-${i}`}
              >
                {m.name}
              </Checkbox>
              <Space size={4}>
                <LicenceTag m={m} />
                {m.mayBeWaived && <Tag color="gold">{t('intake.waivable')}</Tag>}
                <Select
                  size="small"
                  value={m.originalOrCopy}
                  style={{ width: 132 }}
                  onChange={(v: Form) => setMats(mats.map((x, j) => (j === i ? { ...x, originalOrCopy: v } : x)))}
                  options={FORMS.map((value) => ({ value, label: t(`intake.forms.${value}`) }))}
                />
                <InputNumber
                  size="small"
                  min={1}
                  max={99}
                  value={m.count}
                  style={{ width: 56 }}
                  onChange={(v) => setMats(mats.map((x, j) => (j === i ? { ...x, count: Number(v ?? 1) } : x)))}
                />
              </Space>
            </List.Item>
          )}
        />
      )}

      <Divider style={{ margin: '12px 0' }} />
      <ProxySelect value={proxyServiceId} onChange={setProxyServiceId} refreshKey={requestId} />
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('intake.decision')}
      </Typography.Title>
      {!ready && (
        <Typography.Text type="secondary">
          {!hasApplicant ? t('intake.needApplicant') : ''}
          {!item ? t('intake.needItem') : ''}
        </Typography.Text>
      )}
      {error && error.source.startsWith('decide-') && (
        <Alert
          style={{ marginBottom: 8 }}
          type="error"
          showIcon
          closable
          onClose={clearError}
          message={error.message}
          description={t('intake.errorCode', { code: error.code })}
          data-testid="action-error"
        />
      )}
      {ready && missing.length > 0 && (
        <Alert
          style={{ marginBottom: 8 }}
          type="warning"
          showIcon
          message={t('intake.missingHint', { n: missing.length, names: missing.map((m) => m.name).join(t('intake.listSep')) })}
          data-testid="missing-hint"
        />
      )}
      <Space wrap>
        <Button
          type="primary"
          size="large"
          disabled={!ready || missing.length > 0}
          loading={busy === 'decide-accept'}
          onClick={() => void submit({ kind: 'accept', completeNow: true })}
          data-testid="btn-accept"
        >
          {immediate ? t('intake.acceptNow') : t('intake.accept')}
        </Button>
        <Button
          size="large"
          disabled={!ready || immediate || waivableMissing.length === 0 || waivableMissing.length !== missing.length}
          onClick={() => {
            setWaived(waivableMissing.map((m) => m.name));
            setDialog('conditional');
          }}
          data-testid="btn-conditional"
        >
          {t('intake.conditional')}
        </Button>
        <Button size="large" disabled={!ready || missing.length === 0} onClick={() => setDialog('missing')} data-testid="btn-missing">
          {t('intake.missing')}
        </Button>
        <Button size="large" danger disabled={!ready} onClick={() => setDialog('refuse')} data-testid="btn-refuse">
          {t('intake.refuse')}
        </Button>
      </Space>

      <Modal
        title={t('intake.conditional')}
        open={dialog === 'conditional'}
        okText={t('intake.conditionalOk')}
        cancelText={t('intake.cancel')}
        onCancel={() => setDialog(null)}
        okButtonProps={
          { disabled: waived.length === 0 || !signed || !supplyDeadline, loading: busy === 'decide-conditional', 'data-testid': 'conditional-ok' } as never
        }
        onOk={() => void submit({ kind: 'conditional', waived, supplyDeadline, commitmentSigned: signed })}
      >
        <Typography.Paragraph>{t('intake.waivedMaterials')}</Typography.Paragraph>
        <Checkbox.Group value={waived} onChange={(v) => setWaived(v as string[])} options={waivableMissing.map((m) => ({ label: m.name, value: m.name }))} />
        <Typography.Paragraph style={{ marginTop: 12 }}>{t('intake.supplyDeadline')}</Typography.Paragraph>
        <Input type="date" value={supplyDeadline} onChange={(e) => setSupplyDeadline(e.target.value)} data-testid="supply-deadline" />
        <Checkbox style={{ marginTop: 12 }} checked={signed} onChange={(e) => setSigned(e.target.checked)} data-testid="commitment-signed">
          {t('intake.signed')}
        </Checkbox>
      </Modal>
      <Modal
        title={t('intake.missing')}
        open={dialog === 'missing'}
        okText={t('intake.missingOk')}
        cancelText={t('intake.cancel')}
        onCancel={() => setDialog(null)}
        okButtonProps={{ loading: busy === 'decide-missing', 'data-testid': 'missing-ok' } as never}
        onOk={() => void submit({ kind: 'missing', items: missing.map((m) => ({ name: m.name, problem: 'missing', requirement: m.requirement })) })}
      >
        <Typography.Paragraph>{t('intake.missingIntro')}</Typography.Paragraph>
        {missing.length ? (
          <List
            size="small"
            dataSource={missing}
            renderItem={(m) => (
              <List.Item>
                {m.name}
                <Typography.Text type="secondary">{m.requirement}</Typography.Text>
              </List.Item>
            )}
          />
        ) : (
          <Empty />
        )}
      </Modal>
      <Modal
        title={t('intake.refuse')}
        open={dialog === 'refuse'}
        okText={t('intake.refuseOk')}
        okButtonProps={
          {
            danger: true,
            disabled: !refuseReason.trim() || (needsAuthority && !authority.trim()),
            loading: busy === 'decide-refuse',
            'data-testid': 'refuse-ok',
          } as never
        }
        cancelText={t('intake.cancel')}
        onCancel={() => setDialog(null)}
        onOk={() =>
          void submit({
            kind: 'refuse',
            reason: refuseReason,
            ...(refuseCode ? { reasonCode: refuseCode } : {}),
            ...(needsAuthority ? { competentAuthority: authority.trim() } : {}),
          })
        }
      >
        <Select
          style={{ width: '100%', marginBottom: 8 }}
          placeholder={t('intake.refusePreset')}
          data-testid="refuse-preset"
          onChange={(k: string) => {
            setRefuseCode(k);
            setRefuseReason(zh(`intake.refuseReasons.${k}`));
          }}
          options={REFUSE_REASONS.map((k) => ({ value: k, label: t(`intake.refuseReasons.${k}`) }))}
        />
        {needsAuthority && (
          <Input
            style={{ marginBottom: 8 }}
            value={authority}
            onChange={(e) => setAuthority(e.target.value)}
            placeholder={t('intake.competentAuthority')}
            data-testid="refuse-authority"
          />
        )}
        <Input.TextArea
          rows={3}
          value={refuseReason}
          onChange={(e) => setRefuseReason(e.target.value)}
          placeholder={t('intake.refusePlaceholder')}
          data-testid="refuse-reason"
        />
      </Modal>
    </Card>
  );
}
