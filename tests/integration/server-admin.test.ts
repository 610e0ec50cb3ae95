// The manager's admin API against the real hall server process: staff accounts (create, log in,
// deactivate → tokens dead and login refused), categories (create/edit → the queue snapshot and
// the next ticket's prefix follow), windows, the hall's name and notice (the display's snapshot and
// the next ticket follow at once), the audit events, and every rejection with its code.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHall, client, login, enroll, type HallProcess, type Res } from './server-harness';
import { apiErrorSchema } from '../../domain/api/errors';
import { issuedTicketSchema, queueSnapshotSchema } from '../../domain/api/hall';
import {
  adminCategoryListSchema,
  adminCategorySchema,
  adminHallSchema,
  adminStaffListSchema,
  adminStaffSchema,
  adminWindowListSchema,
  adminWindowSchema,
} from '../../domain/api/admin';

let hall: HallProcess;
let manager: ReturnType<typeof client>;
let kiosk: ReturnType<typeof client>;

beforeAll(async () => {
  hall = await spawnHall();
  manager = client(hall.url, await login(hall.url, 'M001'));
  kiosk = client(hall.url, await enroll(hall.url, 'kiosk'));
});
afterAll(async () => {
  await hall?.stop();
});

const patch = <T = Record<string, unknown>>(c: ReturnType<typeof client>, url: string, body: unknown): Promise<Res<T>> =>
  c.raw<T>('PATCH', url, JSON.stringify(body));

function expectRejection(r: Res<unknown>, status: number, code: string, message?: RegExp): void {
  expect(r.status, JSON.stringify(r.body)).toBe(status);
  const e = apiErrorSchema.parse(r.body);
  expect(e.code).toBe(code);
  expect(e.message).toMatch(/[\u4e00-\u9fff]/);
  if (message) expect(JSON.stringify(e)).toMatch(message);
}

interface AdminEvent {
  type: string;
  actor: string | null;
  data: Record<string, unknown>;
}
/** The audit rows, read straight from the hall's database file (the process keeps running: WAL allows readers). */
async function adminEvents(): Promise<AdminEvent[]> {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(`${hall.dataDir}/hall.sqlite`, { readonly: true, fileMustExist: true });
  try {
    const rows = db.prepare("SELECT type, actor, data FROM events WHERE type LIKE 'admin.%' ORDER BY seq").all() as {
      type: string;
      actor: string | null;
      data: string;
    }[];
    return rows.map((r) => ({ type: r.type, actor: r.actor, data: JSON.parse(r.data) as Record<string, unknown> }));
  } finally {
    db.close();
  }
}

describe('staff', () => {
  it('lists staff without any password data', async () => {
    const r = await manager.get('/api/admin/staff');
    expect(r.status).toBe(200);
    expect(JSON.stringify(r.body)).not.toMatch(/password|scrypt/i);
    const list = adminStaffListSchema.parse(r.body).staff;
    expect(list.find((s) => s.workNo === 'C001')).toMatchObject({ name: '李娜', role: 'clerk', homeWindow: 1, backupWorkNo: 'C002', active: true });
    expect(list.find((s) => s.workNo === 'M001')).toMatchObject({ role: 'manager', active: true });
  });

  it('creates a clerk who can log in; deactivating him kills his token and refuses his login', async () => {
    const w = await manager.post('/api/admin/windows', { no: 7, name: '7号窗口（新）' });
    expect(w.status, JSON.stringify(w.body)).toBe(201);
    expect(adminWindowSchema.parse(w.body)).toMatchObject({ no: 7, status: 'closed', categories: [] });
    const c = await manager.post('/api/admin/staff', {
      workNo: 'C101',
      name: '孙丽',
      role: 'clerk',
      stars: 4,
      homeWindow: 7,
      backupWorkNo: 'C001',
      password: 'secret11x',
    });
    expect(c.status, JSON.stringify(c.body)).toBe(201);
    expect(adminStaffSchema.parse(c.body)).toMatchObject({ workNo: 'C101', homeWindow: 7, backupWorkNo: 'C001', active: true });
    expect(JSON.stringify(c.body)).not.toMatch(/secret11x|scrypt/);

    const token = await login(hall.url, 'C101', 'secret11x');
    const me = client(hall.url, token);
    expect((await me.get('/api/auth/me')).body).toMatchObject({ subject: 'C101', role: 'clerk', windowNo: 7 });
    expect((await me.get('/api/windows/7')).body).toMatchObject({ status: 'open', clerk: { workNo: 'C101', name: '孙丽', stars: 4 } });

    const off = await patch(manager, '/api/admin/staff/C101', { active: false });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect(adminStaffSchema.parse(off.body).active).toBe(false);
    expectRejection(await me.get('/api/auth/me'), 401, 'unauthorized');
    expectRejection(await client(hall.url).post('/api/auth/login', { workNo: 'C101', password: 'secret11x' }), 401, 'bad_credentials');
    // He left window 7 when he was deactivated.
    const snap = queueSnapshotSchema.parse((await manager.get('/api/queue')).body);
    expect(snap.windows.find((x) => x.no === 7)).toMatchObject({ status: 'closed', clerk: null });

    // Reactivated with a new password: the old one no longer works, the new one does.
    expect((await patch(manager, '/api/admin/staff/C101', { active: true, name: '孙丽丽', stars: 5 })).status).toBe(200);
    const reset = await manager.post('/api/admin/staff/C101/password', { password: 'newpass11' });
    expect(reset.status, JSON.stringify(reset.body)).toBe(204);
    expectRejection(await client(hall.url).post('/api/auth/login', { workNo: 'C101', password: 'secret11x' }), 401, 'bad_credentials');
    const again = await client(hall.url).post<{ staff: { name: string; stars: number } }>('/api/auth/login', { workNo: 'C101', password: 'newpass11' });
    expect(again.status).toBe(200);
    expect(again.body.staff).toMatchObject({ name: '孙丽丽', stars: 5 });

    // The audit: who did what, with no name in it.
    const audit = (await adminEvents()).filter((e) => e.type === 'admin.staff' && e.data.workNo === 'C101');
    expect(audit.map((e) => [e.actor, e.data.action])).toEqual([
      ['M001', 'create'],
      ['M001', 'update'],
      ['M001', 'update'],
      ['M001', 'password'],
    ]);
    expect(audit[1]!.data.changes).toEqual({ active: { from: true, to: false } });
    expect(audit[2]!.data.changes).toMatchObject({ name: true, stars: { from: 4, to: 5 } });
    expect(JSON.stringify(audit)).not.toMatch(/孙丽|newpass11|secret11x/);
    expect((await adminEvents()).find((e) => e.type === 'admin.window')).toMatchObject({ actor: 'M001', data: { action: 'create', no: 7 } });
  });

  it('a promoted clerk has to sign in again and then gets a manager token', async () => {
    expect((await manager.post('/api/admin/staff', { workNo: 'C102', name: '周强', role: 'clerk', password: 'secret22x' })).status).toBe(201);
    // No home window and no one to back up: a clerk without a window cannot sign in.
    expectRejection(await client(hall.url).post('/api/auth/login', { workNo: 'C102', password: 'secret22x' }), 400, 'no_window');
    expect((await patch(manager, '/api/admin/staff/C102', { role: 'manager' })).status).toBe(200);
    const m2 = client(hall.url, await login(hall.url, 'C102', 'secret22x'));
    expect((await m2.get('/api/admin/staff')).status).toBe(200);
  });
});

describe('categories', () => {
  it('a new category shows in the queue and its tickets carry its prefix; a prefix edit applies to the next ticket', async () => {
    const r = await manager.post('/api/admin/categories', {
      code: 'E',
      name: '公积金',
      prefix: 'E',
      rangeStart: 101,
      rangeEnd: 199,
      numberWidth: 3,
      dailyReset: false,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(adminCategorySchema.parse(r.body)).toMatchObject({ code: 'E', prefix: 'E', rangeStart: 101, dailyReset: false, windows: [], sort: 5 });
    let snap = queueSnapshotSchema.parse((await kiosk.get('/api/queue')).body);
    expect(snap.categories.map((c) => `${c.code}${c.name}`)).toContain('E公积金');

    // No window serves it yet: retired, no tickets (category_retired). Window 3 takes it.
    expect((await kiosk.post('/api/tickets', { category: 'E' })).body).toMatchObject({ code: 'category_retired' });
    expect(
      (
        await manager.put('/api/windows/3/assignment', {
          categories: [
            { category: 'B', weight: 1 },
            { category: 'E', weight: 1 },
          ],
        })
      ).status,
    ).toBe(200);
    const t1 = issuedTicketSchema.parse((await kiosk.post('/api/tickets', { category: 'E' })).body);
    expect(t1).toMatchObject({ number: 'E101', categoryName: '公积金' });

    const p = await patch(manager, '/api/admin/categories/E', { prefix: 'GJ', name: '住房公积金' });
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(adminCategorySchema.parse(p.body)).toMatchObject({ prefix: 'GJ', name: '住房公积金' });
    snap = queueSnapshotSchema.parse((await kiosk.get('/api/queue')).body);
    expect(snap.categories.find((c) => c.code === 'E')).toMatchObject({ name: '住房公积金', waiting: 1 });
    const t2 = issuedTicketSchema.parse((await kiosk.post('/api/tickets', { category: 'E' })).body);
    expect(t2.number).toBe('GJ102');

    // Assigned to window 3, the clerk there calls it under its new prefix.
    const cats = adminCategoryListSchema.parse((await manager.get('/api/admin/categories')).body).categories;
    expect(cats.find((c) => c.code === 'E')!.windows).toEqual([3]);
    const c3 = client(hall.url, await login(hall.url, 'C003'));
    const called = await c3.post<{ ticket: { number: string } }>('/api/windows/3/call-next', { category: 'E' });
    expect(called.body.ticket.number).toBe('E101'); // issued before the edit: the number stays

    const audit = (await adminEvents()).filter((e) => e.type === 'admin.category');
    expect(audit.map((e) => [e.actor, e.data.action, e.data.code])).toEqual([
      ['M001', 'create', 'E'],
      ['M001', 'update', 'E'],
    ]);
    expect(audit[1]!.data.changes).toEqual({ prefix: { from: 'E', to: 'GJ' }, name: { from: '公积金', to: '住房公积金' } });
  });

  it('windows: rename shows in the snapshot', async () => {
    const r = await patch(manager, '/api/admin/windows/2', { name: '2号窗口（社保专窗）' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const snap = queueSnapshotSchema.parse((await kiosk.get('/api/queue')).body);
    expect(snap.windows.find((w) => w.no === 2)!.name).toBe('2号窗口（社保专窗）');
    const list = adminWindowListSchema.parse((await manager.get('/api/admin/windows')).body).windows;
    expect(list.find((w) => w.no === 1)).toMatchObject({
      name: '1号窗口',
      categories: [
        { category: 'A', weight: 2 },
        { category: 'B', weight: 1 },
      ],
    });
  });
});

describe('rejections', () => {
  it('staff', async () => {
    const base = { workNo: 'C201', name: '吴敏', role: 'clerk', password: 'secret33x' };
    expectRejection(await manager.post('/api/admin/staff', { ...base, workNo: 'C001' }), 409, 'duplicate_work_no', /C001 已存在/);
    expectRejection(await manager.post('/api/admin/staff', { ...base, password: '123' }), 400, 'weak_password', /密码至少 8 位，且须同时包含字母和数字/);
    expectRejection(await manager.post('/api/admin/staff', { ...base, stars: 6 }), 400, 'invalid_body', /星级/);
    expectRejection(await manager.post('/api/admin/staff', { ...base, role: 'boss' }), 400, 'invalid_body', /角色/);
    expectRejection(await manager.post('/api/admin/staff', { ...base, homeWindow: 99 }), 404, 'unknown_window');
    expectRejection(await manager.post('/api/admin/staff', { ...base, homeWindow: 1 }), 409, 'home_window_taken', /C001/);
    expectRejection(await manager.post('/api/admin/staff', { ...base, backupWorkNo: 'C201' }), 400, 'backup_is_self');
    expectRejection(await manager.post('/api/admin/staff', { ...base, backupWorkNo: 'NOPE' }), 400, 'invalid_backup', /NOPE/);
    expectRejection(await patch(manager, '/api/admin/staff/NOPE', { name: '某人' }), 404, 'unknown_staff', /NOPE/);
    expectRejection(await patch(manager, '/api/admin/staff/C002', {}), 400, 'invalid_body', /至少修改一项/);
    expectRejection(await patch(manager, '/api/admin/staff/C002', { backupWorkNo: 'C002' }), 400, 'backup_is_self');
    expectRejection(await manager.post('/api/admin/staff/NOPE/password', { password: 'secret44x' }), 404, 'unknown_staff');
    // The manager cannot lock himself out.
    expectRejection(await patch(manager, '/api/admin/staff/M001', { role: 'clerk' }), 409, 'self_demote');
    expectRejection(await patch(manager, '/api/admin/staff/M001', { active: false }), 409, 'self_deactivate');
    // Nothing of the above was written.
    const list = adminStaffListSchema.parse((await manager.get('/api/admin/staff')).body).staff;
    expect(list.some((s) => s.workNo === 'C201')).toBe(false);
    expect(list.find((s) => s.workNo === 'M001')).toMatchObject({ role: 'manager', active: true });
    expect(list.find((s) => s.workNo === 'C002')!.backupWorkNo).toBe('C001');
  });

  it('categories and windows', async () => {
    const base = { code: 'F', name: '税务', prefix: 'F' };
    expectRejection(await manager.post('/api/admin/categories', { ...base, prefix: 'f1' }), 400, 'invalid_body', /号票前缀为 1–2 个大写字母/);
    expectRejection(await manager.post('/api/admin/categories', { ...base, prefix: 'ABC' }), 400, 'invalid_body', /号票前缀/);
    expectRejection(
      await manager.post('/api/admin/categories', { ...base, rangeStart: 500, rangeEnd: 500 }),
      400,
      'bad_number_range',
      /起始号（500）须小于结束号（500）/,
    );
    expectRejection(await manager.post('/api/admin/categories', { ...base, rangeEnd: 10000 }), 400, 'invalid_body', /号段结束号/);
    expectRejection(await manager.post('/api/admin/categories', { ...base, prefix: 'A' }), 409, 'duplicate_prefix', /业务类别 A/);
    expectRejection(await manager.post('/api/admin/categories', { ...base, code: 'A' }), 409, 'duplicate_category');
    // An edit is checked against what is stored: a new start past the stored end is refused.
    expectRejection(await patch(manager, '/api/admin/categories/B', { rangeStart: 999 }), 400, 'bad_number_range');
    expectRejection(await patch(manager, '/api/admin/categories/B', { prefix: 'C' }), 409, 'duplicate_prefix');
    expectRejection(await patch(manager, '/api/admin/categories/Z', { name: '无' }), 400, 'unknown_category');
    expectRejection(await manager.post('/api/admin/windows', { no: 1, name: '重复' }), 409, 'duplicate_window');
    expectRejection(await manager.post('/api/admin/windows', { no: 0, name: '零' }), 400, 'invalid_body', /窗口号/);
    expectRejection(await patch(manager, '/api/admin/windows/99', { name: '无' }), 404, 'unknown_window');
    const cats = adminCategoryListSchema.parse((await manager.get('/api/admin/categories')).body).categories;
    expect(cats.find((c) => c.code === 'B')).toMatchObject({ prefix: 'B', rangeStart: 1, rangeEnd: 999 });
    expect(cats.some((c) => c.code === 'F')).toBe(false);
  });

  it('only managers', async () => {
    const clerk = client(hall.url, await login(hall.url, 'C004'));
    expectRejection(await clerk.get('/api/admin/staff'), 403, 'forbidden');
    expectRejection(await clerk.post('/api/admin/staff', { workNo: 'X1', name: '某', role: 'manager', password: 'secret99x' }), 403, 'forbidden');
    expectRejection(await patch(clerk, '/api/admin/staff/C004', { role: 'manager' }), 403, 'forbidden');
    expectRejection(await patch(clerk, '/api/admin/categories/A', { prefix: 'Q' }), 403, 'forbidden');
    expectRejection(await kiosk.post('/api/admin/windows', { no: 50, name: '某' }), 403, 'forbidden');
    expectRejection(await client(hall.url).get('/api/admin/windows'), 401, 'unauthorized');
  });
});

describe('hall name and notice', () => {
  it("a PATCH shows at once in the display's and the staff snapshot and on the next ticket; an empty notice clears it", async () => {
    const display = client(hall.url, await enroll(hall.url, 'display'));
    const before = adminHallSchema.parse((await manager.get('/api/admin/hall')).body);
    expect(before.name).toBe(queueSnapshotSchema.parse((await display.get('/api/queue')).body).hall.name);
    // Read once first, so a cached snapshot and a cached hall name exist that the edit must drop.
    issuedTicketSchema.parse((await kiosk.post('/api/tickets', { category: 'A' })).body);

    const r = await patch(manager, '/api/admin/hall', { name: '  示例区政务服务中心  ', notice: '今日下午 17:00 起暂停办理不动产登记' });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(adminHallSchema.parse(r.body)).toEqual({ name: '示例区政务服务中心', notice: '今日下午 17:00 起暂停办理不动产登记' });
    for (const who of [display, manager]) {
      expect(queueSnapshotSchema.parse((await who.get('/api/queue')).body).hall).toEqual({
        name: '示例区政务服务中心',
        notice: '今日下午 17:00 起暂停办理不动产登记',
        timeZone: 'Asia/Shanghai',
      });
    }
    expect(issuedTicketSchema.parse((await kiosk.post('/api/tickets', { category: 'A' })).body).hallName).toBe('示例区政务服务中心');

    // Only the notice: the name stays; '' takes the notice off the display.
    expect((await patch(manager, '/api/admin/hall', { notice: '' })).body).toEqual({ name: '示例区政务服务中心', notice: '' });
    expect(queueSnapshotSchema.parse((await display.get('/api/queue')).body).hall.notice ?? null).toBeNull();
    expect((await manager.get('/api/admin/hall')).body).toEqual({ name: '示例区政务服务中心', notice: '' });

    const audit = (await adminEvents()).filter((e) => e.type === 'admin.hall');
    expect(audit.map((e) => [e.actor, e.data.action])).toEqual([
      ['M001', 'update'],
      ['M001', 'update'],
    ]);
    expect(audit[0]!.data.changes).toEqual({
      name: { from: before.name, to: '示例区政务服务中心' },
      notice: { from: before.notice, to: '今日下午 17:00 起暂停办理不动产登记' },
    });
    expect(audit[1]!.data.changes).toEqual({ notice: { from: '今日下午 17:00 起暂停办理不动产登记', to: '' } });
  });

  it('rejections: clerks and devices get 403, a 201-character notice or an empty name 400, nothing written', async () => {
    const clerk = client(hall.url, await login(hall.url, 'C005'));
    expectRejection(await clerk.get('/api/admin/hall'), 403, 'forbidden');
    expectRejection(await patch(clerk, '/api/admin/hall', { notice: '停电' }), 403, 'forbidden');
    expectRejection(await patch(kiosk, '/api/admin/hall', { notice: '停电' }), 403, 'forbidden');
    expectRejection(await patch(manager, '/api/admin/hall', { notice: '公'.repeat(201) }), 400, 'invalid_body', /大屏公告不超过 200 字/);
    expectRejection(await patch(manager, '/api/admin/hall', { name: '  ' }), 400, 'invalid_body', /请填写大厅名称/);
    expectRejection(await patch(manager, '/api/admin/hall', { name: '厅'.repeat(41) }), 400, 'invalid_body', /大厅名称不超过 40 字/);
    expectRejection(await patch(manager, '/api/admin/hall', {}), 400, 'invalid_body', /至少修改一项/);
    // 200 characters is the limit itself.
    expect((await patch(manager, '/api/admin/hall', { notice: '公'.repeat(200) })).status).toBe(200);
    const snap = queueSnapshotSchema.parse((await kiosk.get('/api/queue')).body);
    expect(snap.hall).toEqual({ name: '示例区政务服务中心', notice: '公'.repeat(200), timeZone: 'Asia/Shanghai' });
  });
});

describe('OpenAPI', () => {
  it('documents the admin routes from the zod schemas', async () => {
    const doc = (
      await client(hall.url).get<{
        paths: Record<
          string,
          Record<
            string,
            {
              requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }> };
              responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }>;
            }
          >
        >;
      }>('/api/openapi.json')
    ).body;
    const create = doc.paths['/api/admin/staff']!.post!;
    expect(create.requestBody!.content['application/json']!.schema.required).toEqual(expect.arrayContaining(['workNo', 'name', 'role', 'password']));
    const listProps = doc.paths['/api/admin/staff']!.get!.responses['200']!.content!['application/json']!.schema.properties!;
    expect(JSON.stringify(listProps)).toContain('backupWorkNo');
    expect(JSON.stringify(listProps)).not.toMatch(/password/i);
    expect(doc.paths['/api/admin/staff/{workNo}']!.patch).toBeTruthy();
    expect(doc.paths['/api/admin/staff/{workNo}/password']!.post).toBeTruthy();
    expect(Object.keys(doc.paths['/api/admin/categories']!.post!.requestBody!.content['application/json']!.schema.properties!)).toEqual(
      expect.arrayContaining(['code', 'prefix', 'dailyReset', 'rangeStart', 'rangeEnd', 'numberWidth']),
    );
    expect(doc.paths['/api/admin/categories/{code}']!.patch!.responses['409']).toBeTruthy();
    expect(doc.paths['/api/admin/windows/{no}']!.patch).toBeTruthy();
    expect(Object.keys(doc.paths['/api/admin/hall']!.patch!.requestBody!.content['application/json']!.schema.properties!)).toEqual(['name', 'notice']);
  });
});
