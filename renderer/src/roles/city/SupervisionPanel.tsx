// 电子监察: every overdue or due-soon open case across halls (applicant masked), red for working
// days overdue, yellow for due within 2 working days; 差评 follow-ups past their due date.
import { useCallback, useEffect, useState } from 'react';
import { Card, Segmented, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CityCase } from '../../../../domain/api/city';
import { cityApi, type OverdueFollowUp } from './cityApi';

export function SupervisionPanel({ onError }: { onError: (e: unknown) => void }) {
  const { t } = useTranslation('city');
  const [which, setWhich] = useState<'overdue' | 'dueSoon'>('overdue');
  const [cases, setCases] = useState<CityCase[]>([]);
  const [followUps, setFollowUps] = useState<OverdueFollowUp[]>([]);
  const load = useCallback(async () => {
    try {
      setCases((await cityApi.cases(which)).cases);
      setFollowUps((await cityApi.overdueFollowUps()).followUps);
    } catch (e) {
      onError(e);
    }
  }, [which, onError]);
  useEffect(() => {
    void load();
    const id = setInterval(() => void load(), 15_000);
    return () => clearInterval(id);
  }, [load]);

  const mark = (c: CityCase) =>
    c.overdueDays > 0 ? (
      <Tag color="red" data-testid="mark-red">
        {t('sup.overdueDays', { n: c.overdueDays })}
      </Tag>
    ) : (
      <Tag color="gold" data-testid="mark-yellow">
        {c.workingDaysLeft === 0 ? t('sup.dueToday') : t('sup.daysLeft', { n: c.workingDaysLeft ?? 0 })}
      </Tag>
    );
  return (
    <>
      <Segmented
        value={which}
        onChange={(v) => setWhich(v as typeof which)}
        style={{ marginBottom: 12 }}
        options={[
          { value: 'overdue', label: t('sup.overdue') },
          { value: 'dueSoon', label: t('sup.dueSoon') },
        ]}
      />
      <Table<CityCase>
        rowKey={(c) => `${c.hallId}/${c.caseId}`}
        size="small"
        dataSource={cases}
        pagination={{ pageSize: 20 }}
        data-testid="city-cases"
        locale={{ emptyText: t('sup.none') }}
        columns={[
          { title: t('sup.mark'), render: (_, c) => mark(c), width: 130 },
          { title: t('halls.name'), dataIndex: 'hallName' },
          { title: t('sup.caseNo'), dataIndex: 'caseNo' },
          { title: t('sup.item'), dataIndex: 'itemName' },
          { title: t('sup.department'), dataIndex: 'department' },
          { title: t('sup.applicant'), dataIndex: 'applicantMasked' },
          { title: t('sup.acceptedOn'), dataIndex: 'acceptedOn' },
          { title: t('sup.dueDate'), dataIndex: 'dueDate' },
        ]}
      />
      <Card size="small" title={t('sup.followUps')} style={{ marginTop: 12 }}>
        <Table<OverdueFollowUp>
          rowKey={(f) => `${f.hallId}/${f.followUpId}`}
          size="small"
          dataSource={followUps}
          pagination={{ pageSize: 10 }}
          data-testid="city-followups"
          locale={{ emptyText: t('sup.noFollowUps') }}
          columns={[
            { title: t('halls.name'), dataIndex: 'hallName' },
            { title: t('sup.openedOn'), dataIndex: 'openedOn' },
            { title: t('sup.dueDate'), dataIndex: 'dueDate', render: (v: string) => <Tag color="red">{v}</Tag> },
            { title: t('sup.status'), dataIndex: 'status', render: (v: string) => t(`sup.fu.${v}`, { defaultValue: v }) },
          ]}
        />
      </Card>
    </>
  );
}
