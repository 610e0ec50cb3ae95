// Overdue and due-soon cases across the hall (from the sync service's case projection).
import { useEffect, useState } from 'react';
import { Segmented, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { errText, managerApi, type CaseItem, type CaseList } from './managerApi';

const STATE_COLOR: Record<string, string> = { overdue: 'red', dueToday: 'volcano', dueSoon: 'orange', ok: 'green', stopped: 'blue', completed: 'default' };

export function CasesPanel({ onError, version }: { onError: (m: string) => void; version: number }) {
  const { t } = useTranslation('manager');
  const [filter, setFilter] = useState<'overdue' | 'dueSoon' | 'open'>('overdue');
  const [list, setList] = useState<CaseList | null>(null);
  const bucket = Math.floor(version / 5);
  useEffect(() => {
    const q = filter === 'open' ? 'open=true&limit=200' : `deadline=${filter}&limit=200`;
    void managerApi.cases(q).then(setList).catch((e) => onError(errText(e)));
  }, [filter, bucket, onError]);

  return (
    <div data-testid="manager-cases">
      <Segmented value={filter} onChange={(v) => setFilter(v as typeof filter)} style={{ marginBottom: 12 }}
        options={[
          { value: 'overdue', label: `${t('cases.overdue')} ${list?.overdue ?? ''}` },
          { value: 'dueSoon', label: `${t('cases.dueSoon')} ${list?.dueSoon ?? ''}` },
          { value: 'open', label: t('cases.open') },
        ]} />
      <Table<CaseItem> size="small" rowKey="caseId" dataSource={list?.cases ?? []} pagination={{ pageSize: 20 }} locale={{ emptyText: t('cases.empty') }}
        columns={[
          { title: t('cases.caseNo'), dataIndex: 'caseNo', render: (v: string | null, c) => v ?? c.caseId.slice(0, 13) },
          { title: t('cases.item'), dataIndex: 'itemName' },
          { title: t('cases.applicant'), render: (_: unknown, c) => c.applicantMasked?.name ?? '—' },
          { title: t('cases.window'), dataIndex: 'windowNo' },
          { title: t('cases.status'), dataIndex: 'statusLabel' },
          { title: t('cases.due'), dataIndex: 'dueDate' },
          { title: t('cases.deadline'), render: (_: unknown, c) => (
            <Tag color={STATE_COLOR[c.deadline.state]}>
              {c.deadline.state === 'overdue' ? t('cases.overdueDays', { n: c.deadline.overdueDays, count: c.deadline.overdueDays }) : c.deadline.workingDaysLeft !== null ? t('cases.daysLeft', { n: c.deadline.workingDaysLeft, count: c.deadline.workingDaysLeft }) : t(`cases.state.${c.deadline.state}`, { defaultValue: c.deadline.state })}
            </Tag>
          ) },
        ]} />
    </div>
  );
}
