// Overdue and due-soon cases across the hall (from the sync service's case projection). The list
// is masked; 查看完整信息 asks for a reason and the hall records the viewing (查看留痕).
import { useEffect, useState } from 'react';
import { Alert, Button, Descriptions, Input, Modal, Segmented, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { errText, managerApi, type CaseItem, type CaseList, type RevealedApplicant } from './managerApi';

const STATE_COLOR: Record<string, string> = { overdue: 'red', dueToday: 'volcano', dueSoon: 'orange', ok: 'green', stopped: 'blue', completed: 'default' };

export function CasesPanel({ onError, version }: { onError: (m: string) => void; version: number }) {
  const { t } = useTranslation('manager');
  const [filter, setFilter] = useState<'overdue' | 'dueSoon' | 'open'>('overdue');
  const [list, setList] = useState<CaseList | null>(null);
  const bucket = Math.floor(version / 5);
  const [revealFor, setRevealFor] = useState<CaseItem | null>(null);
  const [reason, setReason] = useState('');
  const [revealed, setRevealed] = useState<RevealedApplicant | null>(null);
  const closeReveal = () => {
    setRevealFor(null);
    setRevealed(null);
    setReason('');
  };
  const reveal = async () => {
    if (!revealFor) return;
    try {
      setRevealed(await managerApi.revealApplicant(revealFor.caseId, reason.trim()));
    } catch (e) {
      onError(errText(e));
    }
  };
  useEffect(() => {
    const q = filter === 'open' ? { open: 'true' as const, limit: 200 } : { deadline: filter, limit: 200 };
    void managerApi
      .cases(q)
      .then(setList)
      .catch((e) => onError(errText(e)));
  }, [filter, bucket, onError]);

  return (
    <div data-testid="manager-cases">
      <Segmented
        value={filter}
        onChange={(v) => setFilter(v as typeof filter)}
        style={{ marginBottom: 12 }}
        options={[
          { value: 'overdue', label: `${t('cases.overdue')} ${list?.overdue ?? ''}` },
          { value: 'dueSoon', label: `${t('cases.dueSoon')} ${list?.dueSoon ?? ''}` },
          { value: 'open', label: t('cases.open') },
        ]}
      />
      <Table<CaseItem>
        size="small"
        rowKey="caseId"
        dataSource={list?.cases ?? []}
        pagination={{ pageSize: 20 }}
        locale={{ emptyText: t('cases.empty') }}
        columns={[
          { title: t('cases.caseNo'), dataIndex: 'caseNo', render: (v: string | null, c) => v ?? c.caseId.slice(0, 13) },
          { title: t('cases.item'), dataIndex: 'itemName' },
          {
            title: t('cases.applicant'),
            render: (_: unknown, c) => (
              <span>
                {c.applicantMasked?.name ?? '—'}{' '}
                {c.applicantMasked && (
                  <Button size="small" type="link" onClick={() => setRevealFor(c)} data-testid={`case-reveal-${c.caseId}`}>
                    {t('cases.reveal')}
                  </Button>
                )}
              </span>
            ),
          },
          { title: t('cases.window'), dataIndex: 'windowNo' },
          { title: t('cases.status'), dataIndex: 'statusLabel' },
          { title: t('cases.due'), dataIndex: 'dueDate' },
          {
            title: t('cases.deadline'),
            render: (_: unknown, c) => (
              <Tag color={STATE_COLOR[c.deadline.state]}>
                {c.deadline.state === 'overdue'
                  ? t('cases.overdueDays', { n: c.deadline.overdueDays, count: c.deadline.overdueDays })
                  : c.deadline.workingDaysLeft !== null
                    ? t('cases.daysLeft', { n: c.deadline.workingDaysLeft, count: c.deadline.workingDaysLeft })
                    : t(`cases.state.${c.deadline.state}`, { defaultValue: c.deadline.state })}
              </Tag>
            ),
          },
        ]}
      />
      <Modal
        open={!!revealFor}
        title={t('cases.revealTitle')}
        onCancel={closeReveal}
        destroyOnHidden
        okText={t('cases.revealOk')}
        cancelText={t('cases.revealCancel')}
        onOk={() => (revealed ? closeReveal() : void reveal())}
        okButtonProps={{ disabled: !revealed && reason.trim().length < 2, id: 'case-reveal-ok' }}
      >
        {revealed ? (
          <>
            <Descriptions size="small" column={1} bordered data-testid="case-revealed">
              <Descriptions.Item label={t('cases.revealName')}>{revealed.applicant.name}</Descriptions.Item>
              <Descriptions.Item label={t('cases.revealId')}>{revealed.applicant.idNumber}</Descriptions.Item>
              <Descriptions.Item label={t('cases.revealPhone')}>{revealed.applicant.phone ?? '—'}</Descriptions.Item>
            </Descriptions>
            <Alert style={{ marginTop: 8 }} type="info" showIcon title={t('cases.revealNote')} />
          </>
        ) : (
          <Input.TextArea
            rows={3}
            maxLength={200}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder={t('cases.revealReason')}
            data-testid="case-reveal-reason"
          />
        )}
      </Modal>
    </div>
  );
}
