// The manager's admin API for the hall's reference data: staff (工号, role, stars, home window,
// AB角 backup, active, password), business categories (prefix, daily reset, number range, service
// level), windows, and the hall's name and display notice. Manager only; every edit is audited as
// an `admin.*` event row.
import { z } from 'zod';
import type { RouteModule } from '../context';
import { guard, tokenOf } from '../auth';
import { hashPasswordSync } from '../passwords';
import { workKey } from '../signin/throttle';
import { ReferenceData } from '../admin/referenceData';
import { apiErrorSchema } from '../../domain/api/errors';
import {
  adminCategoryListSchema, adminCategorySchema, adminHallSchema, adminStaffListSchema, adminStaffSchema, adminWindowListSchema, adminWindowSchema,
  categoryCreateSchema, categoryParamsSchema, categoryPatchSchema, hallPatchSchema, passwordResetSchema, staffCreateSchema, staffParamsSchema, staffPatchSchema,
  windowCreateSchema, windowParamsSchema, windowPatchSchema,
} from '../../domain/api/admin';

const errors = { 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema };
const tags = ['admin'];

const adminRoutes: RouteModule = (app, ctx) => {
  const { store, engine, auth } = ctx;
  const ref = new ReferenceData(store, engine, auth);
  const preHandler = guard(auth, ['manager']);

  // ---- staff ----
  app.get('/api/admin/staff', {
    schema: { tags, summary: '工作人员列表（不含密码）', response: { 200: adminStaffListSchema, ...errors } }, preHandler,
  }, async () => ({ staff: ref.listStaff() }));

  app.post('/api/admin/staff', {
    schema: { tags, summary: '新增工作人员（工号唯一；初始密码至少 6 位，仅存 scrypt 哈希）', body: staffCreateSchema, response: { 201: adminStaffSchema, ...errors } }, preHandler,
  }, async (req, reply) => {
    const { password, ...b } = req.body as z.infer<typeof staffCreateSchema>;
    // Hashed outside the transaction. The existing helper is synchronous (~50 ms of scrypt on the
    // event loop): acceptable for an edit made a few times a day.
    const staff = ref.createStaff({ ...b, passwordHash: hashPasswordSync(password) }, req.actor!);
    return reply.code(201).send(staff);
  });

  app.patch('/api/admin/staff/:workNo', {
    schema: {
      tags, summary: '修改工作人员（姓名、角色、星级、固定窗口、AB角、启用）；停用或改角色即注销其登录', params: staffParamsSchema, body: staffPatchSchema,
      response: { 200: adminStaffSchema, ...errors },
    },
    preHandler,
  }, async (req) => ref.updateStaff((req.params as z.infer<typeof staffParamsSchema>).workNo, req.body as z.infer<typeof staffPatchSchema>, req.actor!));

  app.post('/api/admin/staff/:workNo/password', {
    schema: { tags, summary: '重置密码（其登录全部注销）', params: staffParamsSchema, body: passwordResetSchema, response: { 204: z.null(), ...errors } }, preHandler,
  }, async (req, reply) => {
    const { workNo } = req.params as z.infer<typeof staffParamsSchema>;
    const { password } = req.body as z.infer<typeof passwordResetSchema>;
    ref.resetPassword(workNo, hashPasswordSync(password), req.actor!, tokenOf(req, false));
    // A manager's reset also lifts a sign-in lock on that work number (the address count stays).
    ctx.signIn.succeed([workKey(workNo)]);
    return reply.code(204).send();
  });

  // ---- categories ----
  app.get('/api/admin/categories', {
    schema: { tags, summary: '业务类别列表（含受理窗口；无窗口受理即已停用）', response: { 200: adminCategoryListSchema, ...errors } }, preHandler,
  }, async () => ({ categories: ref.listCategories() }));

  app.post('/api/admin/categories', {
    schema: { tags, summary: '新增业务类别（前缀唯一，号段起始号小于结束号）', body: categoryCreateSchema, response: { 201: adminCategorySchema, ...errors } }, preHandler,
  }, async (req, reply) => reply.code(201).send(ref.createCategory(req.body as z.infer<typeof categoryCreateSchema>, req.actor!)));

  app.patch('/api/admin/categories/:code', {
    schema: {
      tags, summary: '修改业务类别（代码不可改；新前缀从下一张号票起生效）', params: categoryParamsSchema, body: categoryPatchSchema,
      response: { 200: adminCategorySchema, ...errors },
    },
    preHandler,
  }, async (req) => ref.updateCategory((req.params as z.infer<typeof categoryParamsSchema>).code, req.body as z.infer<typeof categoryPatchSchema>, req.actor!));

  // ---- windows ----
  app.get('/api/admin/windows', {
    schema: { tags, summary: '窗口列表（含受理的业务类别）', response: { 200: adminWindowListSchema, ...errors } }, preHandler,
  }, async () => ({ windows: ref.listWindows() }));

  app.post('/api/admin/windows', {
    schema: { tags, summary: '新增窗口（窗口号唯一；新窗口为关闭状态，需再分配业务类别）', body: windowCreateSchema, response: { 201: adminWindowSchema, ...errors } }, preHandler,
  }, async (req, reply) => reply.code(201).send(ref.createWindow(req.body as z.infer<typeof windowCreateSchema>, req.actor!)));

  app.patch('/api/admin/windows/:no', {
    schema: { tags, summary: '修改窗口名称', params: windowParamsSchema, body: windowPatchSchema, response: { 200: adminWindowSchema, ...errors } }, preHandler,
  }, async (req) => ref.updateWindow((req.params as z.infer<typeof windowParamsSchema>).no, req.body as z.infer<typeof windowPatchSchema>, req.actor!));

  // ---- hall name and notice ----
  app.get('/api/admin/hall', {
    schema: { tags, summary: '大厅名称和大屏公告（无公告时为空字符串）', response: { 200: adminHallSchema, ...errors } }, preHandler,
  }, async () => ref.getHall());

  app.patch('/api/admin/hall', {
    schema: { tags, summary: '修改大厅名称（1–40 字）或大屏公告（至多 200 字，空字符串即撤下公告）；叫号大屏等随即更新', body: hallPatchSchema, response: { 200: adminHallSchema, ...errors } },
    preHandler,
  }, async (req) => ref.updateHall(req.body as z.infer<typeof hallPatchSchema>, req.actor!));
};
export default adminRoutes;
