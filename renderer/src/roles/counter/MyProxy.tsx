// 帮办代办 at the counter (issue 16): the signed-in clerk's 代办 services, read from the hall through
// the core (online only). The intake offers them as 「帮办代办」 (optional; accepted under one, the
// receipt prints the service and the 代办员 and the hall links the case); 我的代办 lists them with their
// milestones, due soon in orange and overdue in red.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Form, List, Select, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { core } from '../../bridge/coreBridge';
import { useCounter } from './counterStore';
import type { ProxyMine } from '../../../../domain/contract/core';

const message = (e: unknown) => (e as { message?: string })?.message ?? String(e);

/** The clerk's services (null until read) and the error of the last read (offline …); read again when refreshKey changes. */
export function useMyProxy(refreshKey?: string): { mine: ProxyMine | null; error: string | null; reload: () => void } {
  const workNo = useCounter((s) => s.session?.clerk?.workNo ?? null);
  const [mine, setMine] = useState<ProxyMine | null>(null);
  const [error, setError] = useState<string | null>(null);
  const reload = useCallback(() => {
    if (!workNo) return;
    void core['proxy.mine']({})
      .then((r) => (setMine(r), setError(null)))
      .catch((e) => (setMine(null), setError(message(e))));
  }, [workNo]);
  useEffect(reload, [reload, refreshKey]);
  return { mine, error, reload };
}

/** 「帮办代办」 in the intake: none by default; only the clerk's active services (read again for every new form). */
export function ProxySelect({ value, onChange, refreshKey }: { value: string | undefined; onChange: (id: string | undefined) => void; refreshKey: string }) {
  const { t } = useTranslation('practices');
  const { mine, error, reload } = useMyProxy(refreshKey);
  const active = (mine?.services ?? []).filter((s) => s.status === 'active');
  if (!error && !active.length && !value) return null; // no service to offer: the intake stays as it was
  return (
    <Form.Item label={t('mine.select')} tooltip={t('mine.hint')} style={{ marginBottom: 8 }}>
      <Select
        data-testid="intake-proxy"
        allowClear
        style={{ width: '100%' }}
        value={value}
        placeholder={error ? t('mine.offline') : t('mine.none')}
        disabled={Boolean(error)}
        onDropdownVisibleChange={(open) => open && reload()}
        onChange={(v: string | undefined) => onChange(v)}
        options={active.map((s) => ({
          value: s.id,
          label: t('mine.option', { no: s.no, project: s.project, applicant: s.applicant.organisation ?? s.applicant.name }),
        }))}
      />
    </Form.Item>
  );
}

/** 我的代办: services, milestones (red overdue, orange due soon), linked cases, links still to send. */
export function MyProxyTab() {
  const { t } = useTranslation('practices');
  const { mine, error, reload } = useMyProxy();
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="my-proxy">
      <Space>
        <Button size="small" onClick={reload} data-testid="my-proxy-refresh">
          {t('mine.refresh')}
        </Button>
        {mine && <Typography.Text type="secondary">{mine.today}</Typography.Text>}
      </Space>
      {error && <Alert type="error" showIcon message={error} data-testid="my-proxy-error" />}
      {mine && mine.pendingLinks > 0 && <Alert type="warning" showIcon message={t('mine.pending', { n: mine.pendingLinks })} />}
      {mine && (
        <List
          size="small"
          locale={{ emptyText: t('mine.empty') }}
          dataSource={mine.services}
          renderItem={(s) => {
            const overdue = s.milestoneStates.filter((m) => !m.done && m.overdueDays > 0).length;
            return (
              <List.Item data-testid={`my-proxy-${s.no}`}>
                <Space direction="vertical" size={2} style={{ width: '100%' }}>
                  <Space wrap>
                    <Typography.Text strong>{s.no}</Typography.Text>
                    <span>{s.project}</span>
                    <Typography.Text type="secondary">{s.applicant.organisation ?? s.applicant.name}</Typography.Text>
                    <Tag color={s.status === 'active' ? 'blue' : 'green'}>{t(`proxy.status.${s.status}`)}</Tag>
                    {overdue > 0 && <Tag color="red">{t('mine.overdue', { n: overdue })}</Tag>}
                  </Space>
                  <Space size={4} wrap>
                    {s.milestoneStates.map((m) => (
                      <Tag
                        key={m.key}
                        color={m.done ? 'green' : m.overdueDays ? 'red' : m.dueSoon ? 'orange' : 'default'}
                        data-testid={`my-proxy-m-${s.no}-${m.key}`}
                      >
                        {m.title} · {m.done ? t('proxy.doneOn', { d: s.milestones.find((x) => x.key === m.key)?.doneOn }) : t('proxy.dueOn', { d: m.dueOn })}
                        {!m.done && m.overdueDays ? ` · ${t('proxy.late', { n: m.overdueDays })}` : ''}
                        {!m.done && m.dueSoon ? ` · ${t('proxy.soon')}` : ''}
                      </Tag>
                    ))}
                  </Space>
                  <Typography.Text type="secondary" data-testid={`my-proxy-cases-${s.no}`}>
                    {t('mine.cases', { n: s.cases.length })}
                    {s.cases.length ? `：${s.cases.map((c) => c.caseNo).join('、')}` : ''}
                  </Typography.Text>
                </Space>
              </List.Item>
            );
          }}
        />
      )}
    </Space>
  );
}
