// The city catalogue editor: edit 事项 names and 承诺时限, add or remove an item, then publish a
// new version on top of the one loaded (a stale base is refused by the central); the 差评 reasons
// and holiday overrides that go with it are edited in ReferenceEditor. Halls pull the
// new version with their next push and pass it on to their counters. Items are validated with
// the domain's schema here and again by the central.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Modal, Popconfirm, Select, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { CityCatalogueBody } from '../../../../domain/api/uplink';
import { serviceItemSchema, type ServiceItem } from '../../../../domain/catalogue/schema';
import { cityApi, errText } from './cityApi';
import { hallFmt } from '../../hooks/hallZone';
import { ReferenceEditor } from './ReferenceEditor';

export function CataloguePanel({ onError }: { onError: (e: unknown) => void }) {
  const { t } = useTranslation('city');
  const [version, setVersion] = useState(0);
  const [publishedAt, setPublishedAt] = useState<string | null>(null);
  const [draft, setDraft] = useState<CityCatalogueBody | null>(null);
  const [dirty, setDirty] = useState(false);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const load = useCallback(async () => {
    try {
      const r = await cityApi.catalogue();
      setVersion(r.version);
      setPublishedAt(r.publishedAt);
      setDraft(r.catalogue ?? { items: [], departments: [], holidayOverrides: [], badReasons: [] });
      setDirty(false);
    } catch (e) {
      onError(e);
    }
  }, [onError]);
  useEffect(() => {
    void load();
  }, [load]);

  const setItem = (i: number, patch: Partial<ServiceItem>) => {
    if (!draft) return;
    const items = draft.items.map((it, j) => (j === i ? { ...it, ...patch } : it));
    setDraft({ ...draft, items });
    setDirty(true);
  };
  const publish = async () => {
    if (!draft) return;
    try {
      const r = await cityApi.publish(version, draft);
      setNotice(t('cat.published', { v: r.version }));
      await load();
    } catch (e) {
      onError(e);
    }
  };
  const add = (v: { name: string; basicCode: string; category: string; promisedDays: number; department?: string }) => {
    if (!draft) return;
    const parsed = serviceItemSchema.safeParse({
      name: v.name,
      basicCode: v.basicCode,
      implementationCode: `${v.basicCode}0001`,
      itemKind: '01',
      caseType: v.promisedDays === 0 ? 'immediate' : 'committed',
      legalDays: Math.max(20, v.promisedDays),
      promisedDays: v.promisedDays,
      category: v.category,
      department: v.department || undefined,
    });
    if (!parsed.success) return setFormError(parsed.error.issues.map((i) => i.message).join('；'));
    if (draft.items.some((i) => i.basicCode === v.basicCode)) return setFormError(t('cat.duplicate'));
    setDraft({ ...draft, items: [...draft.items, parsed.data] });
    setDirty(true);
    setAdding(false);
    setFormError(null);
  };

  return (
    <div data-testid="city-catalogue">
      <Space wrap style={{ marginBottom: 12 }}>
        <Tag color="blue" data-testid="cat-version">
          {t('cat.version', { v: version })}
        </Tag>
        {publishedAt && <span>{t('cat.publishedAt', { at: hallFmt.full(publishedAt) })}</span>}
        <Button onClick={() => setAdding(true)} data-testid="cat-add">
          {t('cat.add')}
        </Button>
        <Button type="primary" disabled={!dirty} onClick={() => void publish()} data-testid="cat-publish">
          {t('cat.publish')}
        </Button>
        <Button disabled={!dirty} onClick={() => void load()}>
          {t('cat.discard')}
        </Button>
      </Space>
      {notice && (
        <Alert type="success" showIcon closable title={notice} onClose={() => setNotice(null)} style={{ marginBottom: 12 }} data-testid="cat-notice" />
      )}
      <Table<ServiceItem>
        rowKey="basicCode"
        size="small"
        dataSource={draft?.items ?? []}
        pagination={{ pageSize: 15 }}
        columns={[
          { title: t('cat.code'), dataIndex: 'basicCode', width: 120 },
          { title: t('cat.name'), render: (_, it, i) => <Input value={it.name} onChange={(e) => setItem(i, { name: e.target.value })} /> },
          { title: t('cat.category'), dataIndex: 'category', width: 70 },
          { title: t('cat.department'), dataIndex: 'department' },
          {
            title: t('cat.promisedDays'),
            width: 120,
            render: (_, it, i) => (
              <InputNumber
                min={0}
                max={it.legalDays || 3650}
                value={it.promisedDays}
                disabled={it.caseType === 'immediate'}
                onChange={(v) => setItem(i, { promisedDays: v ?? 0 })}
              />
            ),
          },
          { title: t('cat.legalDays'), dataIndex: 'legalDays', width: 90 },
          {
            title: '',
            width: 80,
            render: (_, it) => (
              <Popconfirm
                title={t('cat.removeConfirm')}
                onConfirm={() => {
                  if (draft) {
                    setDraft({ ...draft, items: draft.items.filter((x) => x !== it) });
                    setDirty(true);
                  }
                }}
              >
                <Button size="small" danger type="link">
                  {t('cat.remove')}
                </Button>
              </Popconfirm>
            ),
          },
        ]}
      />
      {draft && (
        <ReferenceEditor
          draft={draft}
          onChange={(d) => {
            setDraft(d);
            setDirty(true);
          }}
        />
      )}
      <Modal
        open={adding}
        title={t('cat.add')}
        footer={null}
        onCancel={() => {
          setAdding(false);
          setFormError(null);
        }}
        destroyOnHidden
      >
        {formError && <Alert type="error" showIcon title={formError} style={{ marginBottom: 12 }} />}
        <Form
          layout="vertical"
          onFinish={(v) => {
            try {
              add(v as Parameters<typeof add>[0]);
            } catch (e) {
              setFormError(errText(e));
            }
          }}
          initialValues={{ category: 'A', promisedDays: 5 }}
        >
          <Form.Item label={t('cat.name')} name="name" rules={[{ required: true, message: t('cat.required') }]}>
            <Input data-testid="cat-new-name" />
          </Form.Item>
          <Form.Item label={t('cat.code')} name="basicCode" rules={[{ required: true, message: t('cat.required') }]}>
            <Input data-testid="cat-new-code" />
          </Form.Item>
          <Form.Item label={t('cat.category')} name="category">
            <Select options={['A', 'B', 'C', 'D', 'E'].map((c) => ({ value: c, label: c }))} />
          </Form.Item>
          <Form.Item label={t('cat.department')} name="department">
            <Input />
          </Form.Item>
          <Form.Item label={t('cat.promisedDays')} name="promisedDays">
            <InputNumber min={0} max={3650} />
          </Form.Item>
          <Button type="primary" htmlType="submit" data-testid="cat-new-ok">
            {t('cat.ok')}
          </Button>
        </Form>
      </Modal>
    </div>
  );
}
