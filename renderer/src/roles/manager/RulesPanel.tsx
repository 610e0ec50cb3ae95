// Ordering rules (versioned on the server): priority:normal ratio, ageing weights per class,
// "urgent after", recall limit and cooldown, green-channel age. Left: the draft form with a live
// preview of who each window would call next under the draft; right: the server's own
// explanation under the rules in force.
import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Col, Form, InputNumber, Row, Select, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { QueueSnapshot } from '../../../../domain/api/hall';
import type { OrderingRules } from '../../../../domain/queue/rules';
import { errText, managerApi, type Explain, type RulesVersion } from './managerApi';
import { previewNext } from './draftPreview';

const CLASSES = ['normal', 'elderly', 'disabled', 'pregnant', 'vip', 'appointment'] as const;

export function RulesPanel({ snap, onError }: { snap: QueueSnapshot; onError: (m: string) => void }) {
  const { t } = useTranslation('manager');
  const [current, setCurrent] = useState<RulesVersion | null>(null);
  const [draft, setDraft] = useState<OrderingRules | null>(null);
  const [windowNo, setWindowNo] = useState<number>(snap.windows[0]?.no ?? 1);
  const [explain, setExplain] = useState<Explain | null>(null);
  const [saved, setSaved] = useState<number | null>(null);

  useEffect(() => {
    void managerApi
      .rules()
      .then((r) => {
        setCurrent(r);
        setDraft(r.rules);
      })
      .catch((e) => onError(errText(e)));
  }, [onError]);
  useEffect(() => {
    void managerApi
      .explain(windowNo)
      .then(setExplain)
      .catch((e) => onError(errText(e)));
  }, [windowNo, snap.version, current?.version, onError]);

  const preview = useMemo(() => (draft ? previewNext(snap, windowNo, draft) : null), [draft, snap, windowNo]);
  if (!draft || !current) return null;
  const set = (patch: Partial<OrderingRules>) => setDraft({ ...draft, ...patch });

  const save = async () => {
    try {
      const r = await managerApi.saveRules(draft);
      setCurrent(r);
      setDraft(r.rules);
      setSaved(r.version);
    } catch (e) {
      onError(errText(e));
    }
  };

  return (
    <Row gutter={16} data-testid="manager-rules">
      <Col span={12}>
        <Card title={t('rules.title', { v: current.version })} size="small">
          <Form layout="horizontal" labelCol={{ span: 10 }} size="middle">
            <Form.Item label={t('rules.ratio')}>
              <InputNumber
                min={1}
                max={20}
                value={draft.priorityRatio.priority}
                onChange={(v) => v && set({ priorityRatio: { ...draft.priorityRatio, priority: v } })}
                data-testid="rules-ratio-priority"
              />
              <span style={{ margin: '0 8px' }}>:</span>
              <InputNumber
                min={1}
                max={20}
                value={draft.priorityRatio.normal}
                onChange={(v) => v && set({ priorityRatio: { ...draft.priorityRatio, normal: v } })}
                data-testid="rules-ratio-normal"
              />
            </Form.Item>
            <Form.Item label={t('rules.urgentAfter')}>
              <InputNumber
                min={1}
                max={1440}
                value={draft.urgentAfterMinutes}
                onChange={(v) => v && set({ urgentAfterMinutes: v })}
                addonAfter={t('rules.minutes')}
              />
            </Form.Item>
            <Form.Item label={t('rules.elderlyAge')}>
              <InputNumber min={50} max={100} value={draft.elderlyAge} onChange={(v) => v && set({ elderlyAge: v })} />
            </Form.Item>
            <Form.Item label={t('rules.recallLimit')}>
              <InputNumber min={0} max={10} value={draft.recallLimit} onChange={(v) => v !== null && set({ recallLimit: v })} />
            </Form.Item>
            <Form.Item label={t('rules.recallCooldown')}>
              <InputNumber
                min={0}
                max={3600}
                value={draft.recallCooldownSeconds}
                onChange={(v) => v !== null && set({ recallCooldownSeconds: v })}
                addonAfter={t('rules.seconds')}
              />
            </Form.Item>
            <Form.Item label={t('rules.appointmentEarly')}>
              <InputNumber
                min={0}
                max={240}
                value={draft.appointmentEarlyMinutes}
                onChange={(v) => v !== null && set({ appointmentEarlyMinutes: v })}
                addonAfter={t('rules.minutes')}
              />
            </Form.Item>
            {CLASSES.map((c) => (
              <Form.Item key={c} label={t('rules.classWeight', { c: t(`priority.${c}`) })}>
                <InputNumber
                  min={0}
                  max={20}
                  step={0.5}
                  value={draft.classWeights[c]}
                  onChange={(v) => v !== null && set({ classWeights: { ...draft.classWeights, [c]: v } })}
                />
              </Form.Item>
            ))}
            <Button type="primary" onClick={() => void save()} data-testid="rules-save">
              {t('rules.save')}
            </Button>
            <Button style={{ marginLeft: 8 }} onClick={() => setDraft(current.rules)}>
              {t('rules.reset')}
            </Button>
            {saved !== null && (
              <Tag color="green" style={{ marginLeft: 8 }} data-testid="rules-saved">
                {t('rules.saved', { v: saved })}
              </Tag>
            )}
          </Form>
        </Card>
      </Col>
      <Col span={12}>
        <Card
          size="small"
          title={
            <span>
              {t('rules.previewFor')}{' '}
              <Select
                value={windowNo}
                onChange={setWindowNo}
                style={{ width: 140 }}
                options={snap.windows.map((w) => ({ value: w.no, label: `${w.no} ${w.name}` }))}
                data-testid="rules-window"
              />
            </span>
          }
        >
          <div className="mgr-preview" data-testid="rules-preview">
            <div>
              {t('rules.draftNext')}：<b data-testid="rules-preview-next">{preview?.ticket?.number ?? t('rules.none')}</b>
            </div>
            <ol>
              {preview?.steps.map((s, i) => (
                <li key={i}>{s}</li>
              ))}
            </ol>
            <div className="mgr-note">{t('rules.approx')}</div>
          </div>
          <Alert
            type="info"
            style={{ margin: '12px 0' }}
            title={
              <span>
                {t('rules.serverNext', { v: explain?.rulesVersion ?? '—' })}：<b data-testid="rules-explain-next">{explain?.next?.number ?? t('rules.none')}</b>
                {explain?.rule ? `（${explain.rule}）` : ''}
              </span>
            }
          />
          <ol className="mgr-steps">
            {explain?.steps.map((s, i) => (
              <li key={i}>{s}</li>
            ))}
          </ol>
          <Table
            size="small"
            rowKey="number"
            pagination={false}
            dataSource={explain?.candidates ?? []}
            columns={[
              { title: t('rules.ticket'), dataIndex: 'number' },
              { title: t('rules.category'), dataIndex: 'category' },
              { title: t('rules.priority'), dataIndex: 'priority', render: (p: string) => t(`priority.${p}`) },
              { title: t('rules.waited'), dataIndex: 'waitedMinutes' },
              { title: t('rules.score'), dataIndex: 'score' },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
