// Right-hand side of the counter: my open cases sorted by due date (due-soon / overdue marks),
// search (case number, ID number, masked ID, name, date), my day, 我的代办, devices and the audit trail.
import { domainLabel, deviceMessage } from '../../i18n/domainLabels';
import { useEffect, useState } from 'react';
import { Badge, Button, Card, Input, List, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { core } from '../../bridge/coreBridge';
import { useCounter } from './counterStore';
import type { AuditEntry, CaseListEntry, DeadlineMark, SearchResult } from '../../../../domain/contract/core';
import { shortTime } from './time';
import { MyProxyTab } from './MyProxy';

// Labels live in the locale files under cases.marks.<mark>.
export const MARK: Record<DeadlineMark, { color: string }> = {
  ok: { color: 'default' },
  dueSoon: { color: 'orange' },
  dueToday: { color: 'volcano' },
  overdue: { color: 'red' },
  notAccepted: { color: 'default' },
  stopped: { color: 'purple' },
  completed: { color: 'green' },
  closed: { color: 'default' },
};

function CaseList({ items, testid }: { items: CaseListEntry[]; testid: string }) {
  const { openCase } = useCounter();
  const { t } = useTranslation('counter');
  const markLabel = (m: DeadlineMark) => t(`cases.marks.${m}`);
  return (
    <List
      size="small"
      dataSource={items}
      locale={{ emptyText: t('cases.empty') }}
      data-testid={testid}
      renderItem={(c) => (
        <List.Item onClick={() => openCase(c.caseId)} style={{ cursor: 'pointer' }} data-testid={`case-${c.caseNo}`}>
          <div style={{ width: '100%' }}>
            <Space style={{ width: '100%', justifyContent: 'space-between' }}>
              <Typography.Text strong>{c.itemName}</Typography.Text>
              <Tag color={c.status === 'supplementing' ? 'purple' : MARK[c.mark].color}>
                {c.status === 'supplementing'
                  ? t('cases.supplementing')
                  : c.mark === 'overdue'
                    ? t('cases.overdueDays', { n: c.overdueDays, count: c.overdueDays })
                    : c.mark === 'ok' || c.mark === 'dueSoon'
                      ? c.workingDaysLeft !== null
                        ? t('cases.daysLeft', { n: c.workingDaysLeft, count: c.workingDaysLeft })
                        : markLabel(c.mark)
                      : markLabel(c.mark)}
              </Tag>
            </Space>
            <Space size="middle" wrap style={{ fontSize: 12 }}>
              <Typography.Text type="secondary" copyable={{ text: c.caseNo }}>
                {c.caseNo}
              </Typography.Text>
              <span>{c.applicantMasked}</span>
              <span>{domainLabel('status', c.status, c.statusLabel)}</span>
              {c.dueDate && <span>{t('cases.dueDate', { date: c.dueDate })}</span>}
              {c.supplyOverdue && <Tag color="red">{t('cases.supplyOverdue')}</Tag>}
            </Space>
          </div>
        </List.Item>
      )}
    />
  );
}

function SearchTab() {
  const [q, setQ] = useState('');
  const [res, setRes] = useState<SearchResult | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const { t } = useTranslation('counter');
  const go = async () => {
    setErr(null);
    try {
      setRes(await core['cases.search']({ query: q.trim(), limit: 50 }));
    } catch (e) {
      setErr((e as Error).message);
      setRes(null);
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Input.Search
        value={q}
        onChange={(e) => setQ(e.target.value)}
        onSearch={() => void go()}
        enterButton={t('cases.search')}
        placeholder={t('cases.searchPlaceholder')}
        data-testid="search-input"
      />
      {err && (
        <Typography.Text type="danger" data-testid="search-error">
          {err}
        </Typography.Text>
      )}
      {res && (
        <Typography.Text type="secondary" data-testid="search-meta">
          {t('cases.found', { n: res.items.length, ms: res.tookMs })}
        </Typography.Text>
      )}
      {res && <CaseList items={res.items} testid="search-results" />}
    </Space>
  );
}

function MyDayTab() {
  const { myDay } = useCounter();
  const { t } = useTranslation('counter');
  if (!myDay) return null;
  const levels: [keyof typeof myDay.ratings, string, string][] = (
    [
      ['verySatisfied', '#389e0d'],
      ['satisfied', '#7cb305'],
      ['basic', '#d4b106'],
      ['dissatisfied', '#d46b08'],
      ['veryDissatisfied', '#cf1322'],
    ] as const
  ).map(([k, color]) => [k, t(`cases.ratings.${k}`), color]);
  const max = Math.max(1, ...levels.map(([k]) => myDay.ratings[k]));
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="my-day">
      <Space size="large" wrap>
        <Statistic title={t('cases.received')} value={myDay.cases.received} />
        <Statistic title={t('cases.accepted')} value={myDay.cases.accepted + myDay.cases.conditionallyAccepted} />
        <Statistic title={t('cases.missingNotices')} value={myDay.cases.missingNotices} />
        <Statistic title={t('cases.completed')} value={myDay.cases.completed} />
        <Statistic
          title={t('cases.meanService')}
          value={myDay.meanServiceMinutes ?? '—'}
          suffix={myDay.meanServiceMinutes !== null ? t('cases.minutes') : ''}
        />
      </Space>
      <Typography.Text strong>{t('cases.ratingSpread', { n: myDay.ratingCount })}</Typography.Text>
      {/* A grid sized to the longest label: an English label ("Very dissatisfied") never runs into its bar. */}
      <div
        style={{ display: 'grid', gridTemplateColumns: 'max-content minmax(0, 1fr) 3em', alignItems: 'center', columnGap: 8, rowGap: 4 }}
        data-testid="myday-ratings"
      >
        {levels.map(([k, label, color]) => (
          <div key={k} style={{ display: 'contents' }} data-testid={`myday-${k}`}>
            <span style={{ whiteSpace: 'nowrap' }} data-testid={`myday-label-${k}`}>
              {label}
            </span>
            <div>
              <div
                style={{ background: color, height: 12, width: `${(myDay.ratings[k] / max) * 100}%`, minWidth: 2, borderRadius: 2 }}
                data-testid={`myday-bar-${k}`}
              />
            </div>
            <span>{myDay.ratings[k]}</span>
          </div>
        ))}
      </div>
      <Button onClick={() => void core['receipts.printDay']({})} data-testid="btn-print-day">
        {t('cases.printDay')}
      </Button>
    </Space>
  );
}

function DevicesTab() {
  const { devices, catalogue, mine } = useCounter();
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  const { t } = useTranslation('counter');
  // Audit action names contain dots, so the labels are read as one object rather than by nested key.
  const actionLabels = t('cases.actions', { returnObjects: true }) as Record<string, string>;
  useEffect(() => {
    void core['audit.list']({ limit: 30 })
      .then(setAudit)
      .catch(() => undefined);
  }, [devices, mine]);
  const color = { ok: 'success', offline: 'warning', error: 'error', absent: 'default' } as const;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {devices.map((d) => (
        <div key={d.kind} data-testid={`device-${d.kind}`}>
          <Badge
            status={color[d.state]}
            text={
              <>
                <b>{t(`cases.devices.${d.kind}`)}</b>
                {t('cases.colon')}
                {deviceMessage(d)}
              </>
            }
          />
        </div>
      ))}
      <Space>
        <Button size="small" onClick={() => void core['devices.testPrint']({})}>
          {t('cases.testPrint')}
        </Button>
        <Button size="small" onClick={() => void core['catalogue.refresh']({})}>
          {t('cases.refreshCatalogue')}
        </Button>
        <Typography.Text type="secondary">
          {t('cases.catalogueCount', { n: catalogue?.count ?? 0 })}
          {catalogue?.message ? t('cases.catalogueNote', { msg: catalogue.message }) : ''}
        </Typography.Text>
      </Space>
      <Typography.Text strong>{t('cases.audit')}</Typography.Text>
      <Table
        size="small"
        pagination={false}
        rowKey="id"
        dataSource={audit}
        scroll={{ y: 240 }}
        columns={[
          { title: t('cases.colTime'), dataIndex: 'at', width: 96, render: (v: string) => shortTime(v) },
          { title: t('cases.colWorkNo'), dataIndex: 'workNo', width: 60 },
          { title: t('cases.colAction'), dataIndex: 'action', render: (v: string) => actionLabels[v] ?? v },
          { title: t('cases.colTarget'), dataIndex: 'target', ellipsis: true },
        ]}
      />
    </Space>
  );
}

export function CasesPanel() {
  const { mine } = useCounter();
  const { t } = useTranslation('counter');
  const urgent = mine.filter((c) => c.mark === 'overdue' || c.mark === 'dueToday' || c.mark === 'dueSoon').length;
  return (
    <Card size="small" bodyStyle={{ paddingTop: 0 }}>
      {/* Small tabs, narrow gutter: all five fit the column at 1366 px (in the overflow menu a tab is a click further away, and the
          bar re-measures itself while the clerk clicks). */}
      <Tabs
        size="small"
        tabBarGutter={10}
        items={[
          {
            key: 'mine',
            label: (
              <span data-testid="tab-mine">
                {t('cases.tabMine')} {urgent > 0 && <Badge count={urgent} />}
              </span>
            ),
            children: <CaseList items={mine} testid="my-cases" />,
          },
          { key: 'search', label: <span data-testid="tab-search">{t('cases.tabSearch')}</span>, children: <SearchTab /> },
          { key: 'day', label: <span data-testid="tab-day">{t('cases.tabDay')}</span>, children: <MyDayTab /> },
          { key: 'proxy', label: <span data-testid="tab-proxy">{t('mine.tab', { ns: 'practices' })}</span>, children: <MyProxyTab /> },
          { key: 'devices', label: <span data-testid="tab-devices">{t('cases.tabDevices')}</span>, children: <DevicesTab /> },
        ]}
      />
    </Card>
  );
}
