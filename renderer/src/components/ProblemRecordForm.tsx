// The 「办不成事」 record form (who, what they tried, where it failed, the cause, what they ask for),
// shared by the manager console (the leader on duty) and the counter at the 办不成事 window.
import { Col, Form, Input, InputNumber, Row, Segmented, Select, type FormInstance } from 'antd';
import { useTranslation } from 'react-i18next';
import { PROBLEM_CAUSES, type ProblemCause } from '../../../domain/practices/problemLedger';

export type ProblemFormValues = Record<string, string | number | undefined>;

/** The form's values as the API's body (trimmed; empty optional fields left out). */
export function problemBodyFrom(v: ProblemFormValues) {
  const s = (k: string) => (typeof v[k] === 'string' && (v[k] as string).trim() ? (v[k] as string).trim() : undefined);
  return {
    applicant: {
      kind: (v.kind as 'person' | 'company') ?? 'person',
      name: s('name')!,
      idNumber: s('idNumber'),
      phone: s('phone'),
      organisation: s('organisation'),
    },
    tried: s('tried')!,
    failedAt: { department: s('department')!, item: s('item'), caseNo: s('caseNo') },
    cause: v.cause as ProblemCause,
    asks: s('asks')!,
    promisedDays: Number(v.days ?? 5),
  };
}

export function ProblemRecordForm({ form }: { form: FormInstance }) {
  const { t } = useTranslation('practices');
  return (
    <Form form={form} layout="vertical" initialValues={{ kind: 'person', days: 5, cause: 'refusedNoReason' }} data-testid="problem-record-form">
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item name="kind" label={t('record.kind')}>
            <Segmented
              options={[
                { value: 'person', label: t('record.person') },
                { value: 'company', label: t('record.company') },
              ]}
            />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="name" label={t('record.name')} rules={[{ required: true, message: t('record.required', { f: t('record.name') }) }]}>
            <Input data-testid="problem-name" maxLength={60} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="phone" label={t('record.phone')}>
            <Input data-testid="problem-phone" maxLength={20} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="idNumber" label={t('record.idNumber')}>
            <Input data-testid="problem-id" maxLength={18} />
          </Form.Item>
        </Col>
        <Col span={12}>
          <Form.Item name="organisation" label={t('record.organisation')}>
            <Input maxLength={100} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="tried" label={t('record.tried')} rules={[{ required: true, message: t('record.required', { f: t('record.tried') }) }]}>
        <Input.TextArea rows={2} maxLength={500} data-testid="problem-tried" />
      </Form.Item>
      <Row gutter={12}>
        <Col span={8}>
          <Form.Item
            name="department"
            label={t('record.department')}
            rules={[{ required: true, message: t('record.required', { f: t('record.department') }) }]}
          >
            <Input data-testid="problem-department" maxLength={60} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="item" label={t('record.item')}>
            <Input maxLength={100} data-testid="problem-item" />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="caseNo" label={t('record.caseNo')}>
            <Input maxLength={40} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col span={16}>
          <Form.Item name="cause" label={t('record.cause')}>
            <Select data-testid="problem-cause" options={PROBLEM_CAUSES.map((x) => ({ value: x, label: t(`cause.${x}`) }))} />
          </Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name="days" label={t('record.days')}>
            <InputNumber min={1} max={60} style={{ width: '100%' }} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="asks" label={t('record.asks')} rules={[{ required: true, message: t('record.required', { f: t('record.asks') }) }]}>
        <Input.TextArea rows={2} maxLength={500} data-testid="problem-asks" />
      </Form.Item>
    </Form>
  );
}
