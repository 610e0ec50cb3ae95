// 电子监察: every overdue or due-soon open case across halls (applicant masked), red for working
// days overdue, yellow for due within 2 working days; 差评 follow-ups past their due date. A
// case's applicant in clear only where the city receives that hall's personal data, one at a
// time with a reason (audited at the central).
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Descriptions, Form, Input, Modal, Segmented, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CityCase, OpenApplicantResponse } from '../../../../domain/api/city';
import { cityApi, type OverdueFollowUp } from './cityApi';
import { hallFmt } from '../../hooks/hallZone';

export function SupervisionPanel({ onError }: { onError: (e: unknown) => void }) {
  const { t } = useTranslation('city');
  const [which, setWhich] = useState<'overdue' | 'dueSoon'>('overdue');
  const [cases, setCases] = useState<CityCase[]>([]);
  const [followUps, setFollowUps] = useState<OverdueFollowUp[]>([]);
  const [asking, setAsking] = useState<CityCase | null>(null);
  /** Halls the city receives personal data from: only their cases offer the full applicant. */
  const [personalHalls, setPersonalHalls] = useState<ReadonlySet<string>>(new Set());
  const [opened, setOpened] = useState<OpenApplicantResponse | null>(null);
  const [form] = Form.useForm<{ reason: string }>();
  const openApplicant = async () => {
    if (!asking) return;
    const { reason } = await form.validateFields();
    try {
      setOpened(await cityApi.openApplicant(asking.hallId, asking.caseId, reason.trim()));
      setAsking(null);
      form.resetFields();
    } catch (e) {
      setAsking(null);
      onError(e);
    }
  };
  const load = useCallback(async () => {
    try {
      setCases((await cityApi.cases(which)).cases);
      setFollowUps((await cityApi.overdueFollowUps()).followUps);
      setPersonalHalls(new Set((await cityApi.halls()).halls.filter((h) => h.receivePersonalData).map((h) => h.hallId)));
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
          {
            title: t('sup.applicant'),
            render: (_, c) => (
              <>
                {c.applicantMasked}{' '}
                {personalHalls.has(c.hallId) && (
                  <Button size="small" type="link" data-testid="open-applicant" onClick={() => setAsking(c)}>
                    {t('sup.openApplicant')}
                  </Button>
                )}
              </>
            ),
          },
          { title: t('sup.acceptedOn'), dataIndex: 'acceptedOn' },
          { title: t('sup.dueDate'), dataIndex: 'dueDate' },
        ]}
      />
      <Modal
        open={asking !== null}
        title={t('sup.openTitle')}
        okText={t('sup.open')}
        cancelText={t('halls.cancel')}
        okButtonProps={{ ...{ 'data-testid': 'open-applicant-ok' } }}
        onOk={() => void openApplicant()}
        onCancel={() => setAsking(null)}
      >
        <Alert type="info" showIcon message={t('sup.openHint')} style={{ marginBottom: 12 }} />
        <Form form={form} layout="vertical">
          <Form.Item label={t('sup.reason')} name="reason" rules={[{ required: true, min: 2, whitespace: true, message: t('sup.reasonRequired') }]}>
            <Input maxLength={200} data-testid="open-applicant-reason" />
          </Form.Item>
        </Form>
      </Modal>
      <Modal open={opened !== null} title={t('sup.openTitle')} footer={null} onCancel={() => setOpened(null)}>
        {opened && (
          <Descriptions column={1} size="small" bordered data-testid="applicant-details">
            <Descriptions.Item label={t('sup.applicant')}>{opened.applicant.name}</Descriptions.Item>
            <Descriptions.Item label={t('sup.idType')}>
              {t(`sup.idTypes.${opened.applicant.idType}`, { defaultValue: opened.applicant.idType })}
            </Descriptions.Item>
            <Descriptions.Item label={t('sup.idNumber')}>{opened.applicant.idNumber}</Descriptions.Item>
            <Descriptions.Item label={t('sup.phone')}>{opened.applicant.phone ?? '—'}</Descriptions.Item>
            {opened.applicant.agent && (
              <Descriptions.Item label={t('sup.agent')}>{`${opened.applicant.agent.name} ${opened.applicant.agent.idNumber}`}</Descriptions.Item>
            )}
            <Descriptions.Item label={t('sup.receivedAt')}>{hallFmt.full(opened.receivedAt)}</Descriptions.Item>
          </Descriptions>
        )}
      </Modal>
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
