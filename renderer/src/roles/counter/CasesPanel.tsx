// Right-hand side of the counter: my open cases sorted by due date (due-soon / overdue marks),
// search (case number, ID number, masked ID, name, date), my day, devices and the audit trail.
import { useEffect, useState } from 'react';
import { Badge, Button, Card, Input, List, Space, Statistic, Table, Tabs, Tag, Typography } from 'antd';
import { core } from '../../bridge/coreBridge';
import { useCounter } from './counterStore';
import type { AuditEntry, CaseListEntry, DeadlineMark, SearchResult } from '../../../../domain/contract/core';
import { shortTime } from './time';

export const MARK: Record<DeadlineMark, { color: string; label: string }> = {
  ok: { color: 'default', label: '正常' },
  dueSoon: { color: 'orange', label: '即将到期' },
  dueToday: { color: 'volcano', label: '今日到期' },
  overdue: { color: 'red', label: '已超期' },
  notAccepted: { color: 'default', label: '未受理' },
  stopped: { color: 'purple', label: '计时暂停' },
  completed: { color: 'green', label: '已办结' },
  closed: { color: 'default', label: '已结束' },
};

function CaseList({ items, testid }: { items: CaseListEntry[]; testid: string }) {
  const { openCase } = useCounter();
  return (
    <List
      size="small"
      dataSource={items}
      locale={{ emptyText: '没有办件' }}
      data-testid={testid}
      renderItem={(c) => (
        <List.Item onClick={() => openCase(c.caseId)} style={{ cursor: 'pointer' }} data-testid={`case-${c.caseNo}`}>
          <div style={{ width: '100%' }}>
            <Space style={{ width: '100%', justifyContent: 'space-between' }}>
              <Typography.Text strong>{c.itemName}</Typography.Text>
              <Tag color={c.status === 'supplementing' ? 'purple' : MARK[c.mark].color}>{c.status === 'supplementing' ? '待补正 · 计时暂停' : c.mark === 'overdue' ? `超期 ${c.overdueDays} 天` : c.mark === 'ok' || c.mark === 'dueSoon' ? (c.workingDaysLeft !== null ? `剩 ${c.workingDaysLeft} 个工作日` : MARK[c.mark].label) : MARK[c.mark].label}</Tag>
            </Space>
            <Space size="middle" wrap style={{ fontSize: 12 }}>
              <Typography.Text type="secondary" copyable={{ text: c.caseNo }}>{c.caseNo}</Typography.Text>
              <span>{c.applicantMasked}</span>
              <span>{c.statusLabel}</span>
              {c.dueDate && <span>办结期限 {c.dueDate}</span>}
              {c.supplyOverdue && <Tag color="red">容缺材料逾期未补</Tag>}
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
      <Input.Search value={q} onChange={(e) => setQ(e.target.value)} onSearch={() => void go()} enterButton="查询" placeholder="办件编号 / 身份证号 / 110105********002X / 后四位 / 姓名 / 2026-11-24" data-testid="search-input" />
      {err && <Typography.Text type="danger" data-testid="search-error">{err}</Typography.Text>}
      {res && <Typography.Text type="secondary" data-testid="search-meta">找到 {res.items.length} 件（{res.tookMs} 毫秒）</Typography.Text>}
      {res && <CaseList items={res.items} testid="search-results" />}
    </Space>
  );
}

function MyDayTab() {
  const { myDay } = useCounter();
  if (!myDay) return null;
  const levels: [keyof typeof myDay.ratings, string, string][] = [
    ['verySatisfied', '非常满意', '#389e0d'], ['satisfied', '满意', '#7cb305'], ['basic', '基本满意', '#d4b106'], ['dissatisfied', '不满意', '#d46b08'], ['veryDissatisfied', '非常不满意', '#cf1322'],
  ];
  const max = Math.max(1, ...levels.map(([k]) => myDay.ratings[k]));
  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="my-day">
      <Space size="large" wrap>
        <Statistic title="收件" value={myDay.cases.received} />
        <Statistic title="受理" value={myDay.cases.accepted + myDay.cases.conditionallyAccepted} />
        <Statistic title="一次性告知" value={myDay.cases.missingNotices} />
        <Statistic title="办结" value={myDay.cases.completed} />
        <Statistic title="平均办理时长" value={myDay.meanServiceMinutes ?? '—'} suffix={myDay.meanServiceMinutes !== null ? '分钟' : ''} />
      </Space>
      <Typography.Text strong>今日评价分布（共 {myDay.ratingCount} 次；不显示评价人）</Typography.Text>
      {levels.map(([k, label, color]) => (
        <div key={k} style={{ display: 'flex', alignItems: 'center', gap: 8 }} data-testid={`myday-${k}`}>
          <span style={{ width: 84, whiteSpace: 'nowrap' }}>{label}</span>
          <div style={{ background: color, height: 12, width: `${(myDay.ratings[k] / max) * 60}%`, minWidth: 2, borderRadius: 2 }} />
          <span>{myDay.ratings[k]}</span>
        </div>
      ))}
      <Button onClick={() => void core['receipts.printDay']({})}>打印日结单</Button>
    </Space>
  );
}

const ACTION_LABELS: Record<string, string> = {
  'session.login': '登录', 'session.loginOffline': '离线登录', 'session.logout': '退出',
  'queue.callNext': '叫号', 'queue.recall': '重呼', 'queue.start': '开始办理', 'queue.noShow': '过号', 'queue.finish': '办结本号',
  'queue.suspend': '挂起', 'queue.transfer': '转移', 'queue.pause': '暂停服务', 'queue.resume': '恢复服务', 'queue.walkIn': '无号办理',
  'queue.walkInOffline': '离线登记', 'case.accept': '受理', 'case.conditional': '容缺受理', 'case.missing': '一次性告知', 'case.refuse': '不予受理',
  'case.supplement': '补交材料', 'case.complete': '办结', 'case.handover': '出件', 'receipt.reprint': '重打票据', 'rating.request': '请求评价',
  'cases.search': '查询办件', 'sync.resolveDeadLetter': '处理同步失败',
};

function DevicesTab() {
  const { devices, catalogue, mine } = useCounter();
  const [audit, setAudit] = useState<AuditEntry[]>([]);
  useEffect(() => {
    void core['audit.list']({ limit: 30 }).then(setAudit).catch(() => undefined);
  }, [devices, mine]);
  const label = { idReader: '身份证阅读器', printer: '打印机', evaluator: '评价器', led: '窗口屏' } as const;
  const color = { ok: 'success', offline: 'warning', error: 'error', absent: 'default' } as const;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {devices.map((d) => (
        <div key={d.kind} data-testid={`device-${d.kind}`}><Badge status={color[d.state]} text={<><b>{label[d.kind]}</b>：{d.message}</>} /></div>
      ))}
      <Space>
        <Button size="small" onClick={() => void core['devices.testPrint']({})}>打印测试页</Button>
        <Button size="small" onClick={() => void core['catalogue.refresh']({})}>更新事项目录</Button>
        <Typography.Text type="secondary">事项 {catalogue?.count ?? 0} 项{catalogue?.message ? `（${catalogue.message}）` : ''}</Typography.Text>
      </Space>
      <Typography.Text strong>操作留痕（只读）</Typography.Text>
      <Table size="small" pagination={false} rowKey="id" dataSource={audit} scroll={{ y: 240 }}
        columns={[
          { title: '时间', dataIndex: 'at', width: 96, render: (v: string) => shortTime(v) },
          { title: '工号', dataIndex: 'workNo', width: 60 },
          { title: '操作', dataIndex: 'action', render: (v: string) => ACTION_LABELS[v] ?? v },
          { title: '对象', dataIndex: 'target', ellipsis: true },
        ]} />
    </Space>
  );
}

export function CasesPanel() {
  const { mine } = useCounter();
  const urgent = mine.filter((c) => c.mark === 'overdue' || c.mark === 'dueToday' || c.mark === 'dueSoon').length;
  return (
    <Card size="small" bodyStyle={{ paddingTop: 0 }}>
      <Tabs
        items={[
          { key: 'mine', label: <span data-testid="tab-mine">我的办件 {urgent > 0 && <Badge count={urgent} />}</span>, children: <CaseList items={mine} testid="my-cases" /> },
          { key: 'search', label: <span data-testid="tab-search">查询</span>, children: <SearchTab /> },
          { key: 'day', label: <span data-testid="tab-day">我的今天</span>, children: <MyDayTab /> },
          { key: 'devices', label: <span data-testid="tab-devices">设备与留痕</span>, children: <DevicesTab /> },
        ]}
      />
    </Card>
  );
}
