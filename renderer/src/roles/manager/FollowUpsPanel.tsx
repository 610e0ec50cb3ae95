// 差评 follow-up: every bad rating is a task with 回访 → 整改 → 反馈, each with a working-day
// deadline (configurable by stage, default 15), plus 申诉 → 复核. The closure rate is on top
// (the national bar for real-name bad ratings is 100%).
import { hallFmt } from '../../hooks/hallZone';
import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Checkbox, Input, InputNumber, Modal, Progress, Segmented, Select, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { FOLLOW_UP_STAGES, FOLLOW_UP_STAGE_LABELS, FOLLOW_UP_STATUS_LABELS, type FollowUpConfig } from '../../../../domain/rating/followUp';
import { RATING_LEVEL_LABELS } from '../../../../domain/rating/levels';
import { defaultReasonList, reasonLabel, type ReasonList } from '../../../../domain/rating/reasons';
import type { RatingLevel } from '../../../../domain/api/hall';
import { errText, managerApi, type FollowUpActionBody, type FollowUpList, type FollowUpView } from './managerApi';

type ActionKind = 'callback' | 'rectification' | 'reply' | 'appeal' | 'review';

export function FollowUpsPanel({ onError, version }: { onError: (m: string) => void; version: number }) {
  const { t } = useTranslation('manager');
  const [status, setStatus] = useState<'' | 'open' | 'appealed' | 'closed' | 'invalidated'>('');
  const [data, setData] = useState<FollowUpList | null>(null);
  const [acting, setActing] = useState<{ task: FollowUpView; kind: ActionKind } | null>(null);
  const [note, setNote] = useState('');
  const [reached, setReached] = useState(true);
  const [decision, setDecision] = useState<'upheld' | 'overturned'>('upheld');
  const [cfg, setCfg] = useState<FollowUpConfig | null>(null);
  // The hall's list in force (read when the panel opens) labels the city's codes (X1 …); the bundled list the older ones.
  const [cityList, setCityList] = useState<ReasonList | null>(null);
  useEffect(() => {
    void managerApi
      .reference()
      .then((r) => setCityList(r.reasons))
      .catch(() => setCityList(null));
  }, []);
  const label = (code: string) => (cityList ? reasonLabel(cityList, code) : null) ?? reasonLabel(defaultReasonList, code) ?? code;

  const load = useCallback(() => {
    void managerApi
      .followups(status || undefined)
      .then((d) => {
        setData(d);
        setCfg((c) => c ?? d.config);
      })
      .catch((e) => onError(errText(e)));
  }, [status, onError]);
  useEffect(load, [load, version]);

  const submit = async () => {
    if (!acting) return;
    const { task, kind } = acting;
    const body: FollowUpActionBody =
      kind === 'appeal'
        ? { type: kind, reason: note }
        : kind === 'review'
          ? { type: kind, decision, note }
          : kind === 'callback'
            ? { type: kind, note, reached }
            : { type: kind, note };
    try {
      await managerApi.followupAction(task.id, body);
      setActing(null);
      load();
    } catch (e) {
      onError(errText(e));
    }
  };

  const c = data?.closure;
  return (
    <div data-testid="manager-followups">
      <div className="mgr-summary">
        <div className="mgr-kpi wide">
          <Progress type="circle" size={72} percent={c ? Math.round(c.rate * 100) : 0} status={c && c.rate < 1 ? 'active' : 'success'} />
          <div className="k">
            {t('follow.closure')} <b data-testid="follow-closure">{c ? `${c.closed}/${c.total}` : '—'}</b>
          </div>
        </div>
        <div className="mgr-kpi">
          <div className="v">{c ? `${c.realNameClosed}/${c.realNameTotal}` : '—'}</div>
          <div className="k">{t('follow.realName')}</div>
        </div>
        <div className="mgr-kpi">
          <div className="v">{c?.closedOnTime ?? '—'}</div>
          <div className="k">{t('follow.onTime')}</div>
        </div>
        <div className="mgr-kpi">
          <div className="v">{c?.invalidated ?? '—'}</div>
          <div className="k">{t('follow.invalidated')}</div>
        </div>
      </div>
      <Space style={{ marginBottom: 12 }} wrap>
        <Segmented
          value={status}
          onChange={(v) => setStatus(v as typeof status)}
          options={[
            { value: '', label: t('follow.all') },
            ...(['open', 'appealed', 'closed', 'invalidated'] as const).map((s) => ({ value: s, label: FOLLOW_UP_STATUS_LABELS[s] })),
          ]}
        />
      </Space>
      <Table<FollowUpView>
        size="small"
        rowKey="id"
        dataSource={data?.tasks ?? []}
        pagination={{ pageSize: 15 }}
        locale={{ emptyText: t('follow.empty') }}
        columns={[
          { title: t('follow.rated'), render: (_: unknown, x) => (x.ratedAt ? hallFmt.full(x.ratedAt).slice(0, 16) : x.openedOn) },
          { title: t('follow.level'), dataIndex: 'level', render: (l: RatingLevel) => <Tag color="red">{RATING_LEVEL_LABELS[l]}</Tag> },
          { title: t('follow.clerk'), render: (_: unknown, x) => `${x.clerkWorkNo}${x.windowNo ? ` · ${x.windowNo}号窗口` : ''}` },
          { title: t('follow.reasons'), render: (_: unknown, x) => x.reasonCodes.map(label).join('、') || '—' },
          ...FOLLOW_UP_STAGES.map((s) => ({
            title: `${FOLLOW_UP_STAGE_LABELS[s]}`,
            render: (_: unknown, x: FollowUpView) => {
              const st = x.stages[s];
              const late = x.overdue.find((o) => o.stage === s);
              if (st.doneOn) return <Tag color={late ? 'orange' : 'green'}>{t('follow.doneOn', { d: st.doneOn })}</Tag>;
              return (
                <Tag color={late ? 'red' : 'default'}>
                  {st.dueDate ? t('follow.dueOn', { d: st.dueDate }) : '—'}
                  {late ? ` ${t('follow.late', { n: late.overdueDays })}` : ''}
                </Tag>
              );
            },
          })),
          {
            title: t('follow.status'),
            dataIndex: 'status',
            render: (s: keyof typeof FOLLOW_UP_STATUS_LABELS, x) => (
              <Tag
                color={s === 'closed' ? 'green' : s === 'invalidated' ? 'default' : s === 'appealed' ? 'purple' : 'blue'}
                data-testid={`follow-status-${x.ratingId}`}
              >
                {FOLLOW_UP_STATUS_LABELS[s]}
              </Tag>
            ),
          },
          {
            title: '',
            render: (_: unknown, x) => (
              <Space size={4}>
                {x.status === 'open' && x.nextStage && (
                  <Button
                    size="small"
                    type="primary"
                    onClick={() => {
                      setNote('');
                      setReached(true);
                      setActing({ task: x, kind: x.nextStage! });
                    }}
                    data-testid={`follow-do-${x.ratingId}`}
                  >
                    {t('follow.record', { stage: FOLLOW_UP_STAGE_LABELS[x.nextStage] })}
                  </Button>
                )}
                {x.status === 'open' && !x.appeal && (
                  <Button
                    size="small"
                    onClick={() => {
                      setNote('');
                      setActing({ task: x, kind: 'appeal' });
                    }}
                  >
                    {t('follow.appeal')}
                  </Button>
                )}
                {x.status === 'appealed' && (
                  <Button
                    size="small"
                    onClick={() => {
                      setNote('');
                      setActing({ task: x, kind: 'review' });
                    }}
                  >
                    {t('follow.review')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />

      {cfg && (
        <Card size="small" title={t('follow.configTitle')} style={{ marginTop: 12 }}>
          <Space wrap>
            {FOLLOW_UP_STAGES.map((s) => (
              <span key={s}>
                {FOLLOW_UP_STAGE_LABELS[s]}{' '}
                <InputNumber
                  min={0}
                  max={365}
                  value={cfg.stageDays[s]}
                  onChange={(v) => v !== null && setCfg({ ...cfg, stageDays: { ...cfg.stageDays, [s]: v } })}
                  addonAfter={t('follow.workingDays')}
                  style={{ width: 150 }}
                />
              </span>
            ))}
            <Select
              value={cfg.countFrom}
              onChange={(v) => setCfg({ ...cfg, countFrom: v })}
              style={{ width: 200 }}
              options={[
                { value: 'opened', label: t('follow.fromOpened') },
                { value: 'previousStage', label: t('follow.fromPrevious') },
              ]}
            />
            <Button
              onClick={() =>
                void managerApi
                  .saveFollowupConfig(cfg)
                  .then(load)
                  .catch((e) => onError(errText(e)))
              }
            >
              {t('follow.saveConfig')}
            </Button>
          </Space>
          <div className="mgr-note">{t('follow.configNote')}</div>
        </Card>
      )}

      <Modal
        open={!!acting}
        onCancel={() => setActing(null)}
        onOk={() => void submit()}
        okText={t('follow.submit')}
        okButtonProps={{ disabled: acting?.kind !== 'review' && !note.trim(), id: 'follow-submit' }}
        title={
          acting
            ? acting.kind === 'appeal'
              ? t('follow.appeal')
              : acting.kind === 'review'
                ? t('follow.review')
                : t('follow.record', { stage: FOLLOW_UP_STAGE_LABELS[acting.kind] })
            : ''
        }
      >
        {acting?.kind === 'callback' && (
          <Checkbox checked={reached} onChange={(e) => setReached(e.target.checked)} style={{ marginBottom: 8 }}>
            {t('follow.reached')}
          </Checkbox>
        )}
        {acting?.kind === 'review' && (
          <Segmented
            value={decision}
            onChange={(v) => setDecision(v as typeof decision)}
            style={{ marginBottom: 8 }}
            options={[
              { value: 'upheld', label: t('follow.upheld') },
              { value: 'overturned', label: t('follow.overturned') },
            ]}
          />
        )}
        <Input.TextArea
          rows={4}
          value={note}
          onChange={(e) => setNote(e.target.value)}
          placeholder={acting?.kind === 'appeal' ? t('follow.appealReason') : t('follow.notePlaceholder')}
          data-testid="follow-note"
        />
      </Modal>
    </div>
  );
}
