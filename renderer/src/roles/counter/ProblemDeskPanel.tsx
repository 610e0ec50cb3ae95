// 「办不成事登记」 at the hall's 办不成事 window (issue 16): the clerk records the citizen's problem
// on the hall (online only) with the same form as the manager console; the 反映回执 prints on this
// window's printer and the screen shows the problem number and the promised answer date.
import { useState } from 'react';
import { Button, Card, Form, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import { core } from '../../bridge/coreBridge';
import { useCounter } from './counterStore';
import { ProblemRecordForm, problemBodyFrom, type ProblemFormValues } from '../../components/ProblemRecordForm';
import type { CounterProblemRecorded } from '../../../../domain/contract/core';

export function ProblemDeskPanel() {
  const { t } = useTranslation('practices');
  const { run } = useCounter();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<CounterProblemRecorded | null>(null);
  // One requestId per form: a retry after a lost answer records once (the hall answers the replay).
  const [requestId, setRequestId] = useState(() => uuidv7());

  const submit = async () => {
    let v: ProblemFormValues;
    try {
      v = (await form.validateFields()) as ProblemFormValues;
    } catch {
      return;
    }
    setBusy(true);
    const r = await run('problems.record', () => core['problems.record']({ ...problemBodyFrom(v), requestId }));
    setBusy(false);
    if (r) setDone(r);
  };
  const next = () => {
    form.resetFields();
    setRequestId(uuidv7());
    setDone(null);
  };

  if (done)
    return (
      <Card size="small" style={{ borderColor: '#52c41a', background: '#f6ffed' }} data-testid="problem-desk-done">
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text strong style={{ fontSize: 16 }} data-testid="problem-desk-no">
            {t('record.recordedAt', { no: done.problem.no, due: done.problem.dueOn })}
          </Typography.Text>
          <Tag color={done.print?.state === 'failed' ? 'red' : 'green'} data-testid="problem-desk-print">
            {done.printedByHall
              ? t('record.printedByHall')
              : done.print?.state === 'failed'
                ? t('record.printFailed', { e: done.print.error ?? '' })
                : t('record.printQueued')}
          </Tag>
          <pre style={{ background: '#fff', padding: 8, fontSize: 12, maxHeight: 260, overflow: 'auto', margin: 0 }}>{done.slipLines.join('\n')}</pre>
          <Button type="primary" onClick={next} data-testid="problem-desk-next">
            {t('record.another')}
          </Button>
        </Space>
      </Card>
    );
  return (
    <Card size="small" title={t('record.title')} data-testid="problem-desk">
      <ProblemRecordForm form={form} />
      <Button type="primary" block loading={busy} onClick={() => void submit()} data-testid="problem-desk-submit">
        {t('record.submit')}
      </Button>
    </Card>
  );
}
