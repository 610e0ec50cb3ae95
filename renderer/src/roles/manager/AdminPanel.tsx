// Reference data of the hall, edited by the manager: staff (工号, role, stars, home window,
// AB角, active, password reset), business categories (prefix, daily reset, number range,
// service level), windows, and the hall's name and display notice (大厅). Forms check each field with the same zod schemas the hall
// server validates with (domain/api/admin.ts); the server's answer is still the last word.
import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Form, Input, InputNumber, Modal, Popconfirm, Radio, Rate, Select, Space, Switch, Table, Tabs, Tag } from 'antd';
import type { Rule } from 'antd/es/form';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { ZodType } from 'zod';
import {
  categoryCreateSchema,
  hallFieldSchemas,
  HALL_NAME_MAX,
  HALL_NOTICE_MAX,
  numberRangeProblem,
  passwordSchema,
  staffCreateSchema,
  windowCreateSchema,
  type AdminCategory,
  type AdminHall,
  type AdminStaff,
  type AdminWindow,
  type CategoryPatch,
  type HallPatch,
  type StaffPatch,
} from '../../../../domain/api/admin';
import { formatTicketNumber } from '../../../../domain/queue/numbering';
import { adminApi } from './adminApi';
import { errText } from './managerApi';

/** An antd form rule that checks a value with a shared zod schema (its Chinese message shows). */
function zr(schema: ZodType, optional = false): Rule {
  return {
    validator: async (_rule, v: unknown) => {
      if (optional && (v === undefined || v === null || v === '')) return;
      const r = schema.safeParse(v);
      if (!r.success) throw new Error(r.error.issues[0]?.message ?? '');
    },
  };
}

/** The fields of `next` that differ from `cur` (what a PATCH sends). */
function diff<T extends object>(cur: Partial<T>, next: T): Partial<T> {
  return Object.fromEntries(Object.entries(next).filter(([k, v]) => v !== undefined && cur[k as keyof T] !== v)) as Partial<T>;
}

/** "3号窗口" already says its number; other names get it in front. */
const winLabel = (no: number, name: string | undefined) => (name?.includes(String(no)) ? name : `${no} ${name ?? ''}`.trim());

interface Props {
  onError: (m: string) => void;
  version: number;
}

export function AdminPanel({ onError, version }: Props) {
  const { t } = useTranslation('manager');
  const [staff, setStaff] = useState<AdminStaff[]>([]);
  const [categories, setCategories] = useState<AdminCategory[]>([]);
  const [windows, setWindows] = useState<AdminWindow[]>([]);
  const [hall, setHall] = useState<AdminHall | null>(null);
  const [me, setMe] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(() => {
    void Promise.all([adminApi.staff(), adminApi.categories(), adminApi.windows(), adminApi.hall()])
      .then(([s, c, w, h]) => {
        setStaff(s);
        setCategories(c);
        setWindows(w);
        setHall(h);
      })
      .catch((e) => onError(errText(e)));
  }, [onError]);
  useEffect(load, [load, version]);
  useEffect(() => {
    void adminApi
      .me()
      .then(setMe)
      .catch(() => setMe(null));
  }, []);

  /** Runs an edit; on success reloads and says so, on failure shows the server's Chinese message. */
  const run = useCallback(
    async (fn: () => Promise<unknown>, done: string): Promise<boolean> => {
      try {
        await fn();
        setNotice(done);
        load();
        return true;
      } catch (e) {
        onError(errText(e));
        return false;
      }
    },
    [load, onError],
  );

  const shared = { t, run, staff, windows };
  return (
    <div data-testid="manager-admin">
      {notice && (
        <Alert type="success" showIcon closable title={notice} onClose={() => setNotice(null)} style={{ marginBottom: 8 }} data-testid="admin-notice" />
      )}
      <Tabs
        type="card"
        items={[
          { key: 'staff', label: t('admin.tabs.staff'), children: <StaffTab {...shared} me={me} /> },
          { key: 'categories', label: t('admin.tabs.categories'), children: <CategoriesTab {...shared} categories={categories} /> },
          { key: 'windows', label: t('admin.tabs.windows'), children: <WindowsTab {...shared} categories={categories} /> },
          { key: 'hall', label: t('admin.tabs.hall'), children: <HallTab t={t} run={run} hall={hall} /> },
        ]}
      />
    </div>
  );
}

interface TabProps {
  t: TFunction<'manager'>;
  run: (fn: () => Promise<unknown>, done: string) => Promise<boolean>;
  staff: AdminStaff[];
  windows: AdminWindow[];
}

// ---- staff ------------------------------------------------------------------------------

interface StaffForm {
  workNo: string;
  name: string;
  role: 'clerk' | 'manager';
  stars: number;
  homeWindow?: number | null;
  backupWorkNo?: string | null;
  password?: string;
}

function StaffTab({ t, run, staff, windows, me }: TabProps & { me: string | null }) {
  const [editing, setEditing] = useState<AdminStaff | 'new' | null>(null);
  const [resetFor, setResetFor] = useState<AdminStaff | null>(null);
  const [form] = Form.useForm<StaffForm>();
  const [pwForm] = Form.useForm<{ password: string }>();
  const isNew = editing === 'new';
  const self = !isNew && editing !== null && editing.workNo === me;
  const who = (w: string | null) => (w ? `${w} ${staff.find((s) => s.workNo === w)?.name ?? ''}` : '—');

  const save = async (v: StaffForm) => {
    const homeWindow = v.homeWindow ?? null;
    const backupWorkNo = v.backupWorkNo ?? null;
    const ok = isNew
      ? await run(() => adminApi.createStaff({ ...v, homeWindow, backupWorkNo, password: v.password! }), t('admin.staff.created', { w: v.workNo }))
      : await (async () => {
          const cur = editing as AdminStaff;
          const patch: StaffPatch = diff<StaffPatch>(cur, { name: v.name, role: v.role, stars: v.stars, homeWindow, backupWorkNo });
          return !Object.keys(patch).length || run(() => adminApi.updateStaff(cur.workNo, patch), t('admin.saved'));
        })();
    if (ok) setEditing(null);
  };

  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <Button type="primary" onClick={() => setEditing('new')} data-testid="admin-staff-add">
          {t('admin.staff.add')}
        </Button>
        <span className="mgr-note">{t('admin.staff.hint')}</span>
      </Space>
      <Table<AdminStaff>
        size="small"
        rowKey="workNo"
        dataSource={staff}
        pagination={false}
        data-testid="admin-staff-table"
        columns={[
          { title: t('admin.staff.workNo'), dataIndex: 'workNo', width: 90 },
          { title: t('admin.staff.name'), dataIndex: 'name', width: 100 },
          {
            title: t('admin.staff.role'),
            dataIndex: 'role',
            width: 110,
            render: (r: AdminStaff['role']) => <Tag color={r === 'manager' ? 'purple' : 'blue'}>{t(`admin.staff.roles.${r}`)}</Tag>,
          },
          { title: t('admin.staff.stars'), dataIndex: 'stars', width: 150, render: (n: number) => <Rate disabled value={n} style={{ fontSize: 14 }} /> },
          {
            title: t('admin.staff.homeWindow'),
            dataIndex: 'homeWindow',
            width: 140,
            render: (no: number | null) => (no == null ? '—' : winLabel(no, windows.find((w) => w.no === no)?.name)),
          },
          { title: t('admin.staff.backup'), dataIndex: 'backupWorkNo', width: 130, render: who },
          {
            title: t('admin.staff.status'),
            dataIndex: 'active',
            width: 90,
            render: (a: boolean) => <Tag color={a ? 'green' : 'default'}>{a ? t('admin.staff.active') : t('admin.staff.inactive')}</Tag>,
          },
          {
            title: t('admin.actions'),
            key: 'ops',
            render: (_: unknown, s) => (
              <Space size={4} wrap>
                <Button size="small" onClick={() => setEditing(s)} data-testid={`admin-staff-edit-${s.workNo}`}>
                  {t('admin.edit')}
                </Button>
                <Button size="small" onClick={() => setResetFor(s)} data-testid={`admin-staff-reset-${s.workNo}`}>
                  {t('admin.staff.resetPassword')}
                </Button>
                {s.active ? (
                  <Popconfirm
                    title={t('admin.staff.deactivateConfirm', { w: s.workNo })}
                    okText={t('admin.staff.deactivate')}
                    cancelText={t('admin.cancel')}
                    onConfirm={() => run(() => adminApi.updateStaff(s.workNo, { active: false }), t('admin.staff.deactivated', { w: s.workNo }))}
                  >
                    <Button
                      size="small"
                      danger
                      disabled={s.workNo === me}
                      title={s.workNo === me ? t('admin.staff.notSelf') : undefined}
                      data-testid={`admin-staff-deactivate-${s.workNo}`}
                    >
                      {t('admin.staff.deactivate')}
                    </Button>
                  </Popconfirm>
                ) : (
                  <Button
                    size="small"
                    onClick={() => void run(() => adminApi.updateStaff(s.workNo, { active: true }), t('admin.saved'))}
                    data-testid={`admin-staff-activate-${s.workNo}`}
                  >
                    {t('admin.staff.activate')}
                  </Button>
                )}
              </Space>
            ),
          },
        ]}
      />

      <Modal
        open={editing !== null}
        title={isNew ? t('admin.staff.add') : t('admin.staff.edit', { w: (editing as AdminStaff | null)?.workNo })}
        destroyOnHidden
        okText={t('admin.save')}
        cancelText={t('admin.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        okButtonProps={{ 'data-testid': 'admin-staff-save' }}
      >
        {editing !== null && (
          <Form<StaffForm>
            form={form}
            layout="vertical"
            onFinish={(v) => void save(v)}
            data-testid="admin-staff-form"
            initialValues={isNew ? { role: 'clerk', stars: 3 } : { ...editing }}
          >
            <Form.Item label={t('admin.staff.workNo')} name="workNo" rules={[zr(staffCreateSchema.shape.workNo)]}>
              <Input disabled={!isNew} maxLength={32} />
            </Form.Item>
            <Form.Item label={t('admin.staff.name')} name="name" rules={[zr(staffCreateSchema.shape.name)]}>
              <Input maxLength={32} />
            </Form.Item>
            <Form.Item label={t('admin.staff.role')} name="role" rules={[zr(staffCreateSchema.shape.role)]} extra={self ? t('admin.staff.notSelf') : undefined}>
              <Radio.Group disabled={self} options={(['clerk', 'manager'] as const).map((r) => ({ value: r, label: t(`admin.staff.roles.${r}`) }))} />
            </Form.Item>
            <Form.Item label={t('admin.staff.stars')} name="stars">
              <Rate allowClear={false} />
            </Form.Item>
            <Form.Item label={t('admin.staff.homeWindow')} name="homeWindow">
              <Select allowClear placeholder={t('admin.staff.noWindow')} options={windows.map((w) => ({ value: w.no, label: winLabel(w.no, w.name) }))} />
            </Form.Item>
            <Form.Item label={t('admin.staff.backup')} name="backupWorkNo" extra={t('admin.staff.backupHint')}>
              <Select
                allowClear
                showSearch
                placeholder={t('admin.staff.noBackup')}
                options={staff
                  .filter((s) => s.active && s.workNo !== (editing as AdminStaff).workNo)
                  .map((s) => ({ value: s.workNo, label: `${s.workNo} · ${s.name}` }))}
              />
            </Form.Item>
            {isNew && (
              <Form.Item label={t('admin.staff.initialPassword')} name="password" rules={[zr(passwordSchema)]}>
                <Input.Password autoComplete="new-password" />
              </Form.Item>
            )}
          </Form>
        )}
      </Modal>

      <Modal
        open={resetFor !== null}
        title={t('admin.staff.resetTitle', { w: resetFor?.workNo })}
        destroyOnHidden
        okText={t('admin.staff.resetPassword')}
        cancelText={t('admin.cancel')}
        onOk={() => pwForm.submit()}
        onCancel={() => setResetFor(null)}
      >
        {resetFor && (
          <Form
            form={pwForm}
            layout="vertical"
            onFinish={async (v: { password: string }) => {
              if (await run(() => adminApi.resetPassword(resetFor.workNo, v.password), t('admin.staff.resetDone', { w: resetFor.workNo }))) setResetFor(null);
            }}
          >
            <Form.Item label={t('admin.staff.newPassword')} name="password" rules={[zr(passwordSchema)]} extra={t('admin.staff.resetHint')}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </>
  );
}

// ---- categories ---------------------------------------------------------------------------

type CategoryForm = Omit<AdminCategory, 'windows'>;
const cat = categoryCreateSchema.shape;

function CategoriesTab({ t, run, categories }: TabProps & { categories: AdminCategory[] }) {
  const [editing, setEditing] = useState<AdminCategory | 'new' | null>(null);
  const [form] = Form.useForm<CategoryForm>();
  const isNew = editing === 'new';
  const prefix = Form.useWatch('prefix', form);
  const rangeStart = Form.useWatch('rangeStart', form);
  const width = Form.useWatch('numberWidth', form);

  const save = async (v: CategoryForm) => {
    const ok = isNew
      ? await run(() => adminApi.createCategory(v), t('admin.categories.created', { c: v.code }))
      : await (async () => {
          const cur = editing as AdminCategory;
          const { code: _c, ...fields } = v;
          const patch: CategoryPatch = diff<CategoryPatch>(cur, fields);
          return !Object.keys(patch).length || run(() => adminApi.updateCategory(cur.code, patch), t('admin.saved'));
        })();
    if (ok) setEditing(null);
  };

  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <Button type="primary" onClick={() => setEditing('new')} data-testid="admin-category-add">
          {t('admin.categories.add')}
        </Button>
        <span className="mgr-note">{t('admin.categories.retireHint')}</span>
      </Space>
      <Table<AdminCategory>
        size="small"
        rowKey="code"
        dataSource={categories}
        pagination={false}
        data-testid="admin-category-table"
        columns={[
          { title: t('admin.categories.code'), dataIndex: 'code', width: 90 },
          { title: t('admin.categories.name'), dataIndex: 'name', width: 130 },
          { title: t('admin.categories.prefix'), dataIndex: 'prefix', width: 90 },
          {
            title: t('admin.categories.range'),
            key: 'range',
            width: 200,
            render: (_: unknown, c) =>
              `${formatTicketNumber({ prefix: c.prefix, width: c.numberWidth }, c.rangeStart)} – ${formatTicketNumber({ prefix: c.prefix, width: c.numberWidth }, c.rangeEnd)}`,
          },
          { title: t('admin.categories.dailyReset'), dataIndex: 'dailyReset', width: 120, render: (d: boolean) => (d ? t('admin.yes') : t('admin.no')) },
          { title: t('admin.categories.serviceLevel'), dataIndex: 'serviceLevelMinutes', width: 160, render: (m: number) => `${m} ${t('admin.minutes')}` },
          { title: t('admin.categories.avgService'), dataIndex: 'avgServiceMinutes', width: 130, render: (m: number) => `${m} ${t('admin.minutes')}` },
          { title: t('admin.categories.sort'), dataIndex: 'sort', width: 60 },
          {
            title: t('admin.categories.windows'),
            dataIndex: 'windows',
            render: (ws: number[]) => (ws.length ? ws.map((w) => <Tag key={w}>{w}</Tag>) : <Tag color="orange">{t('admin.categories.retired')}</Tag>),
          },
          {
            title: t('admin.actions'),
            key: 'ops',
            width: 80,
            render: (_: unknown, c) => (
              <Button size="small" onClick={() => setEditing(c)} data-testid={`admin-category-edit-${c.code}`}>
                {t('admin.edit')}
              </Button>
            ),
          },
        ]}
      />

      <Modal
        open={editing !== null}
        title={isNew ? t('admin.categories.add') : t('admin.categories.edit', { c: (editing as AdminCategory | null)?.code })}
        destroyOnHidden
        width={560}
        okText={t('admin.save')}
        cancelText={t('admin.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        okButtonProps={{ 'data-testid': 'admin-category-save' }}
      >
        {editing !== null && (
          <Form<CategoryForm>
            form={form}
            layout="horizontal"
            labelCol={{ span: 9 }}
            onFinish={(v) => void save(v)}
            data-testid="admin-category-form"
            initialValues={
              isNew
                ? { dailyReset: true, rangeStart: 1, rangeEnd: 999, numberWidth: 3, serviceLevelMinutes: 30, avgServiceMinutes: 6, sort: categories.length }
                : { ...editing }
            }
          >
            <Form.Item label={t('admin.categories.code')} name="code" rules={[zr(cat.code)]} extra={isNew ? t('admin.categories.codeHint') : undefined}>
              <Input disabled={!isNew} maxLength={4} />
            </Form.Item>
            <Form.Item label={t('admin.categories.name')} name="name" rules={[zr(cat.name)]}>
              <Input maxLength={32} />
            </Form.Item>
            <Form.Item label={t('admin.categories.prefix')} name="prefix" rules={[zr(cat.prefix)]} normalize={(v: string) => v?.toUpperCase()}>
              <Input maxLength={2} style={{ width: 80 }} />
            </Form.Item>
            <Form.Item label={t('admin.categories.dailyReset')} name="dailyReset" valuePropName="checked" extra={t('admin.categories.dailyResetHint')}>
              <Switch />
            </Form.Item>
            <Form.Item label={t('admin.categories.rangeStart')} name="rangeStart" rules={[zr(cat.rangeStart)]}>
              <InputNumber min={1} max={9999} precision={0} />
            </Form.Item>
            <Form.Item
              label={t('admin.categories.rangeEnd')}
              name="rangeEnd"
              dependencies={['rangeStart']}
              rules={[
                zr(cat.rangeEnd),
                ({ getFieldValue }) => ({
                  validator: async (_r, v: number) => {
                    const p =
                      typeof v === 'number' && typeof getFieldValue('rangeStart') === 'number'
                        ? numberRangeProblem(getFieldValue('rangeStart') as number, v)
                        : null;
                    if (p) throw new Error(p);
                  },
                }),
              ]}
            >
              <InputNumber min={1} max={9999} precision={0} />
            </Form.Item>
            <Form.Item
              label={t('admin.categories.width')}
              name="numberWidth"
              rules={[zr(cat.numberWidth)]}
              extra={
                prefix && typeof rangeStart === 'number' && width
                  ? t('admin.categories.sample', { n: formatTicketNumber({ prefix, width }, rangeStart) })
                  : undefined
              }
            >
              <InputNumber min={1} max={4} precision={0} />
            </Form.Item>
            <Form.Item label={t('admin.categories.serviceLevel')} name="serviceLevelMinutes" rules={[zr(cat.serviceLevelMinutes)]}>
              <InputNumber min={1} max={480} precision={0} suffix={t('admin.minutes')} />
            </Form.Item>
            <Form.Item label={t('admin.categories.avgService')} name="avgServiceMinutes" rules={[zr(cat.avgServiceMinutes)]}>
              <InputNumber min={0.5} max={480} step={0.5} suffix={t('admin.minutes')} />
            </Form.Item>
            <Form.Item label={t('admin.categories.sort')} name="sort" rules={[zr(cat.sort)]}>
              <InputNumber min={0} max={9999} precision={0} />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </>
  );
}

// ---- windows ------------------------------------------------------------------------------

function WindowsTab({ t, run, windows, categories }: TabProps & { categories: AdminCategory[] }) {
  const [editing, setEditing] = useState<AdminWindow | 'new' | null>(null);
  const [form] = Form.useForm<{ no: number; name: string }>();
  const isNew = editing === 'new';
  const catName = (code: string) => categories.find((c) => c.code === code)?.name ?? code;

  const save = async (v: { no: number; name: string }) => {
    const ok = isNew
      ? await run(() => adminApi.createWindow(v), t('admin.windows.created', { no: v.no }))
      : (editing as AdminWindow).name === v.name || (await run(() => adminApi.updateWindow((editing as AdminWindow).no, { name: v.name }), t('admin.saved')));
    if (ok) setEditing(null);
  };

  return (
    <>
      <Space style={{ marginBottom: 8 }}>
        <Button type="primary" onClick={() => setEditing('new')} data-testid="admin-window-add">
          {t('admin.windows.add')}
        </Button>
        <span className="mgr-note">{t('admin.windows.hint')}</span>
      </Space>
      <Table<AdminWindow>
        size="small"
        rowKey="no"
        dataSource={windows}
        pagination={false}
        data-testid="admin-window-table"
        columns={[
          { title: t('admin.windows.no'), dataIndex: 'no', width: 80 },
          { title: t('admin.windows.name'), dataIndex: 'name', width: 200 },
          { title: t('admin.windows.status'), dataIndex: 'status', width: 90, render: (s: string) => t(`status.${s}`, { defaultValue: s }) },
          {
            title: t('admin.windows.categories'),
            dataIndex: 'categories',
            render: (cs: AdminWindow['categories']) =>
              cs.length ? (
                cs.map((c) => (
                  <Tag key={c.category}>
                    {c.category} {catName(c.category)} ×{c.weight}
                  </Tag>
                ))
              ) : (
                <Tag color="orange">{t('admin.windows.none')}</Tag>
              ),
          },
          {
            title: t('admin.actions'),
            key: 'ops',
            width: 80,
            render: (_: unknown, w) => (
              <Button size="small" onClick={() => setEditing(w)} data-testid={`admin-window-edit-${w.no}`}>
                {t('admin.edit')}
              </Button>
            ),
          },
        ]}
      />

      <Modal
        open={editing !== null}
        title={isNew ? t('admin.windows.add') : t('admin.windows.edit', { no: (editing as AdminWindow | null)?.no })}
        destroyOnHidden
        okText={t('admin.save')}
        cancelText={t('admin.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setEditing(null)}
        okButtonProps={{ 'data-testid': 'admin-window-save' }}
      >
        {editing !== null && (
          <Form
            form={form}
            layout="vertical"
            onFinish={(v: { no: number; name: string }) => void save(v)}
            initialValues={isNew ? { no: (windows.at(-1)?.no ?? 0) + 1 } : { ...editing }}
          >
            <Form.Item label={t('admin.windows.no')} name="no" rules={[zr(windowCreateSchema.shape.no)]}>
              <InputNumber disabled={!isNew} min={1} max={9999} precision={0} />
            </Form.Item>
            <Form.Item label={t('admin.windows.name')} name="name" rules={[zr(windowCreateSchema.shape.name)]}>
              <Input maxLength={32} />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </>
  );
}

// ---- hall name and notice -------------------------------------------------------------------

function HallTab({ t, run, hall }: Pick<TabProps, 't' | 'run'> & { hall: AdminHall | null }) {
  const [form] = Form.useForm<AdminHall>();
  // What the server holds fills the form, unless the manager is typing (a reload on every hall
  // event must not wipe his edit).
  useEffect(() => {
    if (hall && !form.isFieldsTouched()) form.setFieldsValue(hall);
  }, [hall, form]);

  const save = async (v: AdminHall) => {
    if (!hall) return;
    const patch: HallPatch = diff<HallPatch>(hall, { name: v.name.trim(), notice: (v.notice ?? '').trim() });
    if (!Object.keys(patch).length) return;
    const out: { saved?: AdminHall } = {};
    if (
      (await run(async () => {
        out.saved = await adminApi.updateHall(patch);
      }, t('admin.hall.saved'))) &&
      out.saved
    ) {
      form.resetFields(); // untouched again: later reloads fill it
      form.setFieldsValue(out.saved);
    }
  };

  return (
    <Form<AdminHall> form={form} name="hall" layout="vertical" style={{ maxWidth: 560 }} onFinish={(v) => void save(v)} data-testid="admin-hall-form">
      <Form.Item label={t('admin.hall.name')} name="name" rules={[zr(hallFieldSchemas.name)]} extra={t('admin.hall.nameHint')}>
        <Input maxLength={HALL_NAME_MAX} data-testid="admin-hall-name" />
      </Form.Item>
      <Form.Item label={t('admin.hall.notice')} name="notice" rules={[zr(hallFieldSchemas.notice, true)]} extra={t('admin.hall.noticeHint')}>
        <Input.TextArea rows={3} maxLength={HALL_NOTICE_MAX} showCount data-testid="admin-hall-notice" />
      </Form.Item>
      <Space>
        <Button type="primary" htmlType="submit" disabled={!hall} data-testid="admin-hall-save">
          {t('admin.save')}
        </Button>
        <span className="mgr-note">{t('admin.hall.hint')}</span>
      </Space>
    </Form>
  );
}
