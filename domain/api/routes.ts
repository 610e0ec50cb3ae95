// The hall HTTP API: every route the hall server serves, in one map (issue 11 §3). The server
// registers, validates and guards each route from its entry (server/http/route.ts) and the
// OpenAPI document is generated from the same schemas; every client calls through
// HallClient.call(name, input), typed by the entry. Change a shape here and every caller's
// typecheck follows. Paths, status codes and JSON shapes are the wire contract: keep them.
import { z } from 'zod';
import { route, type RouteDef } from './route';
import { apiErrorSchema } from './errors';
import {
  assignmentRequestSchema, callBackRequestSchema, callNextRequestSchema, catalogueSchema, deviceEnrollRequestSchema, deviceEnrollResponseSchema,
  enrollmentCodeRequestSchema, enrollmentCodeResponseSchema, eventsPollResponseSchema, explainResponseSchema, finishRequestSchema,
  issuedTicketSchema, issueTicketRequestSchema, loginRequestSchema, loginRequestWithWindowSchema, loginResponseSchema, orderingRulesResponseSchema,
  pauseRequestSchema, suspendRequestSchema, suspendedTicketSchema, queueSnapshotSchema, ratingAcceptedSchema, ratingSubmissionSchema, statsQuerySchema, statsResponseSchema, takeoverRequestSchema,
  ticketSchema, transferRequestSchema, verifyCredentialsResponseSchema, walkInRequestSchema, windowActionRequestSchema, windowActionResponseSchema,
  windowViewSchema,
} from './hall';
import {
  adminCategoryListSchema, adminCategorySchema, adminHallSchema, adminStaffListSchema, adminStaffSchema, adminWindowListSchema, adminWindowSchema,
  categoryCreateSchema, categoryParamsSchema, categoryPatchSchema, hallPatchSchema, passwordResetSchema, staffCreateSchema, staffParamsSchema,
  staffPatchSchema, windowCreateSchema, windowParamsSchema, windowPatchSchema,
} from './admin';
import { appointmentCreateSchema, appointmentListQuerySchema, appointmentListSchema, appointmentViewSchema, checkInResponseSchema, checkInSchema } from './appointments';
import { caseDetailSchema, caseEventBodySchema, caseEventResponseSchema, caseListQuerySchema, caseListSchema, caseParamsSchema, revealRequestSchema, revealResponseSchema } from './cases';
import { deviceHealthResponseSchema, deviceReportSchema } from './deviceHealth';
import { deviceListSchema, deviceReplaceResponseSchema, deviceRevokeResponseSchema } from './devices';
import { followUpActionSchema, followUpConfigSchema, followUpListQuerySchema, followUpListSchema, followUpParamsSchema, followUpViewSchema } from './followups';
import { kioskCategoriesSchema, kioskConfigSchema, kioskIssueResponseSchema, kioskIssueSchema, kioskPrintersSchema, printerBodySchema } from './kiosk';
import { ratingListQuerySchema, ratingListSchema } from './ratings';
import { problemsResponseSchema } from './problems';
import { hallUplinkStatusSchema } from './hallUplink';
import {
  caseProgressSchema, leavePhoneResponseSchema, leavePhoneSchema, phoneRatingAcceptedSchema, phoneRatingSchema, trackSettingsSchema, trackSettingsUpdateSchema, trackTokenSchema,
  trackViewSchema,
} from './track';
import { hallSettingsResponseSchema, hallSettingsUpdateSchema } from './settings';
import { pullQuerySchema, rejectionsQuerySchema, syncDevicesSchema, syncRejectionsSchema } from './sync';
import { pullResponseSchema, pushRequestSchema, pushResponseSchema } from '../sync/wire';
import { orderingRulesSchema } from '../queue/rules';

export { apiErrorSchema };

/** Roles that read the hall's public state (snapshot, events, settings, catalogue). */
export const READERS = ['clerk', 'manager', 'kiosk', 'display', 'pad', 'counter'] as const;
export const STAFF = ['clerk', 'manager'] as const;

const windowParams = z.object({ windowNo: z.coerce.number().int().positive().max(100000) });
const noContent = z.null();
const windowErrors = [400, 401, 403, 404, 409] as const;

/** A clerk's (or manager's) action on a window: POST /api/windows/:windowNo/<action>, idempotent under requestId. */
const windowAction = <const B extends z.ZodType, const R extends readonly ('clerk' | 'manager')[]>(action: string, summary: string, body: B, roles: R) =>
  route({
    method: 'POST', path: `/api/windows/:windowNo/${action}`, summary, tags: ['windows'], roles, params: windowParams, body,
    responses: { 200: windowActionResponseSchema }, errors: windowErrors,
  });

const trackTokenParams = z.object({ token: trackTokenSchema });

export const hallRoutes = {
  'meta.health': route({
    method: 'GET', path: '/api/health', summary: '健康检查（窗口心跳）', tags: ['meta'], roles: 'public', responses: { 200: z.object({ ok: z.boolean(), version: z.number(), now: z.number() }) },
  }),

  // ---- auth ----
  'auth.login': route({
    method: 'POST', path: '/api/auth/login', summary: '工作人员登录（窗口人员登录即坐到窗口）', tags: ['auth'], roles: 'public',
    body: loginRequestWithWindowSchema, responses: { 200: loginResponseSchema }, errors: [401, 403, 423, 429],
  }),
  'auth.verify': route({
    method: 'POST', path: '/api/auth/verify', summary: '核验工号和密码并返回角色（不签发令牌、不坐窗口；窗口的管理员授权用）', tags: ['auth'], roles: 'public',
    body: loginRequestSchema, responses: { 200: verifyCredentialsResponseSchema }, errors: [401, 423, 429],
  }),
  'auth.logout': route({
    method: 'POST', path: '/api/auth/logout', summary: '退出登录（窗口人员离开窗口）', tags: ['auth'], roles: 'any', responses: { 204: noContent },
  }),
  'auth.me': route({
    method: 'GET', path: '/api/auth/me', summary: '当前令牌的身份', tags: ['auth'], roles: 'any',
    responses: { 200: z.object({ kind: z.string(), subject: z.string(), role: z.string(), windowNo: z.number().nullable() }) },
  }),

  // ---- tickets and the queue ----
  'tickets.issue': route({
    method: 'POST', path: '/api/tickets', summary: '取号（取号机、预约签到、人工）：身份证号只存哈希和脱敏形式', tags: ['tickets'], roles: ['kiosk', 'clerk', 'manager'],
    body: issueTicketRequestSchema, responses: { 201: issuedTicketSchema }, errors: [400, 409],
  }),
  'tickets.get': route({
    method: 'GET', path: '/api/tickets/:id', summary: '查看一张号票', tags: ['tickets'], roles: STAFF,
    params: z.object({ id: z.string().max(64) }), responses: { 200: ticketSchema }, errors: [404],
  }),
  'queue.snapshot': route({
    method: 'GET', path: '/api/queue', tags: ['queue'], roles: READERS, responses: { 200: queueSnapshotSchema },
    summary: '大厅实时快照：各类别等候人数、窗口状态、最近叫号（seq 递增，大屏据此播报且只播一次）；工作人员令牌另含最早的50个等候号（waiting）',
  }),
  'queue.explain': route({
    method: 'GET', path: '/api/queue/explain', summary: '为什么下一个是这个号（按当前排序规则）', tags: ['queue'], roles: STAFF,
    query: z.object({ windowNo: z.coerce.number().int().positive() }), responses: { 200: explainResponseSchema }, errors: [403, 404],
  }),
  'rules.get': route({
    method: 'GET', path: '/api/ordering-rules', summary: '当前排序规则（带版本）', tags: ['manager'], roles: STAFF, responses: { 200: orderingRulesResponseSchema },
  }),
  'rules.put': route({
    method: 'PUT', path: '/api/ordering-rules', summary: '修改排序规则（生成新版本，下一次叫号起生效）', tags: ['manager'], roles: ['manager'],
    body: orderingRulesSchema.partial(), responses: { 200: orderingRulesResponseSchema }, errors: [400],
  }),
  'events.stream': route({
    method: 'GET', path: '/api/events', summary: 'WebSocket 事件流（信号 {version,type,at}；?token=令牌&since=版本）', tags: ['events'], roles: READERS,
    query: z.object({ since: z.coerce.number().int().min(0).optional(), token: z.string().optional() }), responses: {}, raw: 'websocket',
  }),
  'events.poll': route({
    method: 'GET', path: '/api/events/poll', summary: '轮询（WebSocket 不可用时）：返回 since 之后的事件信号；没有时最多等待 wait 毫秒', tags: ['events'], roles: READERS,
    query: z.object({ since: z.coerce.number().int().min(0).default(0), wait: z.coerce.number().int().min(0).max(25_000).default(0) }),
    responses: { 200: eventsPollResponseSchema },
  }),

  // ---- windows ----
  'windows.callNext': route({
    method: 'POST', path: '/api/windows/:windowNo/call-next', summary: '叫下一个号（可只叫某一类、或叫指定的号）；当前号自动办结。无号可叫时 204', tags: ['windows'],
    roles: ['clerk'], params: windowParams, body: callNextRequestSchema.optional(),
    responses: { 200: z.object({ ticket: ticketSchema, window: windowViewSchema }), 204: noContent }, errors: windowErrors,
  }),
  'windows.recall': windowAction('recall', '重呼（超过次数上限即为过号）', windowActionRequestSchema.optional(), ['clerk']),
  'windows.noShow': windowAction('no-show', '过号', windowActionRequestSchema.optional(), ['clerk']),
  'windows.start': windowAction('start', '确认到号、开始办理', windowActionRequestSchema.optional(), ['clerk']),
  'windows.finish': windowAction('finish', '办结当前号', finishRequestSchema.optional(), ['clerk']),
  'windows.transfer': windowAction('transfer', '转移到其它类别／窗口／人员，排在队首或队尾', transferRequestSchema, ['clerk']),
  'windows.suspend': windowAction('suspend', '挂起当前号（写明原因，本窗口可回呼）', suspendRequestSchema.optional(), ['clerk']),
  'windows.callBack': windowAction('call-back', '回呼本窗口挂起的号', callBackRequestSchema, ['clerk']),
  'windows.walkIn': windowAction('walk-in', '无号办理（现场直接办理）', walkInRequestSchema.optional(), ['clerk']),
  'windows.pause': windowAction('pause', '暂停服务（需填写原因）', pauseRequestSchema.optional(), ['clerk', 'manager']),
  'windows.resume': windowAction('resume', '恢复服务', windowActionRequestSchema.optional(), ['clerk', 'manager']),
  'windows.open': windowAction('open', '开启窗口', windowActionRequestSchema.optional(), ['clerk', 'manager']),
  'windows.close': windowAction('close', '关闭窗口', windowActionRequestSchema.optional(), ['clerk', 'manager']),
  'windows.assignment': route({
    method: 'PUT', path: '/api/windows/:windowNo/assignment', summary: '调整窗口受理的业务类别和权重（下一次叫号起生效，实时推送）', tags: ['manager'], roles: ['manager'],
    params: windowParams, body: assignmentRequestSchema, responses: { 200: windowActionResponseSchema }, errors: windowErrors,
  }),
  'windows.takeover': route({
    method: 'POST', path: '/api/windows/:windowNo/takeover', summary: 'AB角接替：让该窗口的B角坐到窗口', tags: ['manager'], roles: ['manager'],
    params: windowParams, body: takeoverRequestSchema, responses: { 200: windowActionResponseSchema }, errors: windowErrors,
  }),
  'windows.get': route({
    method: 'GET', path: '/api/windows/:windowNo', summary: '窗口当前状态', tags: ['windows'], roles: STAFF,
    params: windowParams, responses: { 200: windowViewSchema }, errors: windowErrors,
  }),
  'windows.suspended': route({
    method: 'GET', path: '/api/windows/:windowNo/suspended', summary: '本窗口挂起的号（含挂起原因和时间）', tags: ['windows'], roles: STAFF,
    params: windowParams, responses: { 200: z.object({ tickets: z.array(ticketSchema), suspended: z.array(suspendedTicketSchema) }) }, errors: windowErrors,
  }),
  'windows.reportDevices': route({
    method: 'POST', path: '/api/windows/:windowNo/devices', summary: '柜台上报本窗口设备状态（读卡器、打印机、评价器、窗口屏）', tags: ['windows'], roles: ['clerk', 'counter'],
    params: windowParams, body: deviceReportSchema, responses: { 204: noContent }, errors: [400, 401, 403, 404],
  }),

  // ---- ratings ----
  'ratings.submit': route({
    method: 'POST', path: '/api/ratings', summary: '好差评上报（仅本窗口的评价器/柜台设备；被评人以服务器记录为准；每次服务一条，按 id 幂等）', tags: ['ratings'], roles: ['pad', 'counter'],
    body: ratingSubmissionSchema, responses: { 200: ratingAcceptedSchema }, errors: [400, 401, 403, 404, 409, 422],
  }),
  'ratings.list': route({
    method: 'GET', path: '/api/ratings', summary: '评价列表（管理员；窗口人员仅本人）', tags: ['ratings'], roles: ['manager', 'clerk'],
    query: ratingListQuerySchema, responses: { 200: ratingListSchema }, errors: [401, 403],
  }),
  'followups.list': route({
    method: 'GET', path: '/api/followups', summary: '差评回访整改任务（每条差评一项；含各阶段工作日期限、超期情况与整改率）', tags: ['followups'], roles: ['manager'],
    query: followUpListQuerySchema, responses: { 200: followUpListSchema },
  }),
  'followups.act': route({
    method: 'POST', path: '/api/followups/:id/actions', summary: '登记回访／整改／反馈，提出申诉或复核（按顺序；复核人不能是申诉人）', tags: ['followups'], roles: ['manager', 'clerk'],
    params: followUpParamsSchema, body: followUpActionSchema, responses: { 200: followUpViewSchema }, errors: [400, 404, 409],
  }),
  'followups.config': route({
    method: 'GET', path: '/api/followups/config', summary: '差评处理期限设置（工作日）', tags: ['followups'], roles: ['manager'], responses: { 200: followUpConfigSchema },
  }),
  'followups.setConfig': route({
    method: 'PUT', path: '/api/followups/config', summary: '修改差评处理期限（回访/整改/反馈各自的工作日数；对新任务生效）', tags: ['followups'], roles: ['manager'],
    body: followUpConfigSchema, responses: { 200: followUpConfigSchema }, errors: [400],
  }),

  // ---- catalogue, cases, sync ----
  'catalogue.get': route({
    method: 'GET', path: '/api/catalogue', summary: '事项目录：办件类型、承诺时限、法定时限、材料清单（含容缺）', tags: ['catalogue'], roles: READERS, responses: { 200: catalogueSchema },
  }),
  'cases.list': route({
    method: 'GET', path: '/api/cases', summary: '全厅办件列表（申请人信息已脱敏），含即将到期/已超期统计', tags: ['cases'], roles: ['manager', 'clerk'],
    query: caseListQuerySchema, responses: { 200: caseListSchema },
  }),
  'cases.get': route({
    method: 'GET', path: '/api/cases/:caseId', summary: '办件详情（脱敏）与时间线', tags: ['cases'], roles: ['manager', 'clerk'],
    params: caseParamsSchema, responses: { 200: caseDetailSchema }, errors: [404],
  }),
  'cases.event': route({
    method: 'POST', path: '/api/cases/:caseId/events', summary: '后台/管理员记录办件事件（办理、办结、出件等），按状态机校验；eventId 幂等', tags: ['cases'], roles: ['manager', 'clerk'],
    params: caseParamsSchema, body: caseEventBodySchema, responses: { 200: caseEventResponseSchema }, errors: [400, 404, 409],
  }),
  'cases.reveal': route({
    method: 'POST', path: '/api/cases/:caseId/reveal', summary: '查看申请人完整信息（仅管理员；须填写理由；每次查看都留痕）', tags: ['cases'], roles: ['manager'],
    params: caseParamsSchema, body: revealRequestSchema, responses: { 200: revealResponseSchema }, errors: [401, 403, 404],
  }),
  'sync.push': route({
    method: 'POST', path: '/api/sync/push', summary: '柜台推送本机事件（仅柜台设备令牌、仅本机编号与本窗口；按设备序号恰好应用一次；逐条返回 accepted/duplicate/rejected）', tags: ['sync'], roles: ['counter', 'clerk', 'manager'],
    body: pushRequestSchema, responses: { 200: pushResponseSchema }, errors: [401, 403],
  }),
  'sync.pull': route({
    method: 'GET', path: '/api/sync/pull', summary: '拉取服务器版本号之后的办件事件（含本机、其他柜台与后台事件；其他窗口办件的申请人信息已脱敏）；可长轮询', tags: ['sync'], roles: ['counter', 'clerk', 'manager'],
    query: pullQuerySchema, responses: { 200: pullResponseSchema },
  }),
  'sync.devices': route({
    method: 'GET', path: '/api/sync/devices', summary: '各柜台同步情况：最后序号、最后推送时间、时钟偏差（超过 5 分钟标红）', tags: ['sync'], roles: ['manager'],
    responses: { 200: syncDevicesSchema },
  }),
  'sync.rejections': route({
    method: 'GET', path: '/api/sync/rejections', summary: '被服务器拒收的事件（死信），供管理员核查', tags: ['sync'], roles: ['manager', 'clerk', 'counter'],
    query: rejectionsQuerySchema, responses: { 200: syncRejectionsSchema },
  }),

  // ---- devices ----
  'devices.enroll': route({
    method: 'POST', path: '/api/devices/enroll', summary: '设备用注册码换取设备令牌', tags: ['devices'], roles: 'public',
    body: deviceEnrollRequestSchema, responses: { 200: deviceEnrollResponseSchema }, errors: [403],
  }),
  'devices.enrollmentCode': route({
    method: 'POST', path: '/api/devices/enrollment-codes', summary: '管理员生成一次性设备注册码', tags: ['devices'], roles: ['manager'],
    body: enrollmentCodeRequestSchema.optional(), responses: { 200: enrollmentCodeResponseSchema },
  }),
  'devices.list': route({
    method: 'GET', path: '/api/devices', summary: '已注册设备（是否已吊销；柜台设备另有最近一次设备状态上报时间）', tags: ['devices'], roles: ['manager'],
    responses: { 200: deviceListSchema },
  }),
  'devices.revoke': route({
    method: 'POST', path: '/api/devices/:id/revoke', summary: '吊销设备：其令牌立即失效、打开的事件流被关闭（再次注册需新的注册码）；重复吊销无副作用', tags: ['devices'],
    roles: ['manager'], params: z.object({ id: z.string().min(1).max(64) }), responses: { 200: deviceRevokeResponseSchema }, errors: [401, 403, 404],
  }),
  'devices.replace': route({
    method: 'POST', path: '/api/devices/:id/replace', summary: '更换柜台电脑：吊销旧设备，生成一次性注册码；新电脑用它注册后接续旧设备的同步编号与序号', tags: ['devices'],
    roles: ['manager'], params: z.object({ id: z.string().min(1).max(64) }),
    body: z.object({ ttlMinutes: z.number().int().min(1).max(7 * 24 * 60).default(60) }).optional(),
    responses: { 200: deviceReplaceResponseSchema }, errors: [401, 403, 404, 409],
  }),
  // ---- the citizen's phone (public, keyed by an unguessable token; nothing personal) ----
  'track.view': route({
    method: 'GET', path: '/api/track/:token', summary: '市民手机查看排队进度（二维码中的令牌；不含任何个人信息）', tags: ['track'], roles: 'public',
    params: trackTokenParams, responses: { 200: trackViewSchema }, errors: [400, 404],
  }),
  'track.poll': route({
    method: 'GET', path: '/api/track/:token/poll', summary: '排队进度长轮询：rev 与当前不同立即返回，否则最多等待 wait 毫秒', tags: ['track'], roles: 'public',
    params: trackTokenParams, query: z.object({ rev: z.coerce.number().int().min(0).default(0), wait: z.coerce.number().int().min(0).max(25_000).default(20_000) }),
    responses: { 200: trackViewSchema }, errors: [400, 404],
  }),
  'track.stream': route({
    method: 'GET', path: '/api/track/:token/ws', summary: '排队进度 WebSocket：连接后立即推送当前进度，之后每次变化推送一次', tags: ['track'], roles: 'public',
    params: trackTokenParams, responses: {}, raw: 'websocket',
  }),
  'track.rate': route({
    method: 'POST', path: '/api/track/:token/rating', summary: '扫码评价本次服务（渠道 qrCode；一次服务只能评价一次；被评价人以大厅记录为准）', tags: ['track'], roles: 'public',
    params: trackTokenParams, body: phoneRatingSchema, responses: { 200: phoneRatingAcceptedSchema }, errors: [400, 404, 409],
  }),
  'track.case': route({
    method: 'GET', path: '/api/track/case/:token', summary: '受理回执二维码：办件进度（状态、承诺办结日期、环节；不含个人信息）与评价', tags: ['track'], roles: 'public',
    params: trackTokenParams, responses: { 200: caseProgressSchema }, errors: [400, 404],
  }),
  'track.caseRate': route({
    method: 'POST', path: '/api/track/case/:token/rating', summary: '受理回执扫码评价（与号票评价同为一次服务一次评价）', tags: ['track'], roles: 'public',
    params: trackTokenParams, body: phoneRatingSchema, responses: { 200: phoneRatingAcceptedSchema }, errors: [400, 404, 409],
  }),
  'tickets.phone': route({
    method: 'PUT', path: '/api/tickets/:id/phone', summary: '为号票留手机号（短信提醒：前面剩 N 人时、叫号时）；号码加密保存、当日结束即删除，只回显脱敏号码', tags: ['track'],
    roles: ['kiosk', 'clerk', 'manager', 'counter'], params: z.object({ id: z.string().min(1).max(64) }), body: leavePhoneSchema,
    responses: { 200: leavePhoneResponseSchema }, errors: [400, 401, 403, 404, 409],
  }),
  'track.settings': route({
    method: 'GET', path: '/api/track/settings', summary: '短信提醒设置：前面剩 N 人时提醒', tags: ['manager'], roles: ['manager'], responses: { 200: trackSettingsSchema }, errors: [401, 403],
  }),
  'track.setSettings': route({
    method: 'PUT', path: '/api/track/settings', summary: '修改短信提醒设置（N 为 1–50）', tags: ['manager'], roles: ['manager'],
    body: trackSettingsUpdateSchema, responses: { 200: trackSettingsSchema }, errors: [400, 401, 403],
  }),
  'uplink.status': route({
    method: 'GET', path: '/api/uplink/status', summary: '市级中心上报状态：积压、最近上报、时钟偏差、目录版本、被拒记录', tags: ['admin'], roles: ['manager'],
    responses: { 200: hallUplinkStatusSchema }, errors: [401, 403],
  }),
  'devices.health': route({
    method: 'GET', path: '/api/devices/health', summary: '各窗口最近上报的设备状态（超过 2 分钟未上报标为 stale）', tags: ['manager'], roles: ['manager'],
    responses: { 200: deviceHealthResponseSchema },
  }),

  // ---- kiosk and appointments ----
  'kiosk.config': route({
    method: 'GET', path: '/api/kiosk/config', summary: '取号机配置：是否有打印机（有则先打印后出号）', tags: ['kiosk'], roles: ['kiosk', 'manager'], responses: { 200: kioskConfigSchema },
  }),
  'kiosk.categories': route({
    method: 'GET', path: '/api/kiosk/categories', summary: '取号机可取号的业务类别（至少一个窗口以权重 > 0 受理；已停用的不列出）', tags: ['kiosk'], roles: ['kiosk', 'manager'],
    responses: { 200: kioskCategoriesSchema },
  }),
  'kiosk.issue': route({
    method: 'POST', path: '/api/kiosk/tickets', summary: '取号机取号：配置了打印机时先打印、打印成功才出号；打印失败则作废并返回 502', tags: ['kiosk'], roles: ['kiosk'],
    body: kioskIssueSchema, responses: { 201: kioskIssueResponseSchema }, errors: [400, 409, 502],
  }),
  'kiosk.setPrinter': route({
    method: 'PUT', path: '/api/kiosk/printer', summary: '设置取号机打印机（deviceId 为 * 时作用于所有未单独设置的取号机；address 为 null 表示取消）', tags: ['kiosk'], roles: ['manager'],
    body: printerBodySchema, responses: { 200: z.object({ ok: z.literal(true) }) }, errors: [400],
  }),
  'kiosk.printers': route({
    method: 'GET', path: '/api/kiosk/printers', summary: '取号机打印机设置', tags: ['kiosk'], roles: ['manager'], responses: { 200: kioskPrintersSchema },
  }),
  'appointments.create': route({
    method: 'POST', path: '/api/appointments', summary: '新增预约（身份证号只存哈希和脱敏形式，姓名只存脱敏形式）', tags: ['appointments'], roles: ['manager', 'counter'],
    body: appointmentCreateSchema, responses: { 201: appointmentViewSchema }, errors: [400],
  }),
  'appointments.list': route({
    method: 'GET', path: '/api/appointments', summary: '某日预约列表（默认今天）', tags: ['appointments'], roles: ['manager'],
    query: appointmentListQuerySchema, responses: { 200: appointmentListSchema },
  }),
  'appointments.checkIn': route({
    method: 'POST', path: '/api/appointments/check-in', summary: '取号机预约签到：凭预约码或身份证号出预约号（重复签到返回同一张号）', tags: ['appointments'], roles: ['kiosk'],
    body: checkInSchema, responses: { 200: checkInResponseSchema }, errors: [400, 404, 409],
  }),

  // ---- statistics ----
  'stats.get': route({
    method: 'GET', path: '/api/stats', tags: ['manager'], roles: ['manager'], query: statsQuerySchema, responses: { 200: statsResponseSchema }, errors: [400],
    summary: '统计：取号、叫号、办结、过号率，等候/走动/办理时长（均值、P90），超服务水平占比。from/to 为大厅所在时区的日期（含）',
  }),
  'exports.stats': route({
    method: 'GET', path: '/api/exports/stats', summary: '导出统计（CSV 或 XLSX）：排队统计与好差评汇总', tags: ['manager'], roles: ['manager'],
    query: statsQuerySchema.extend({ format: z.enum(['csv', 'xlsx']).default('csv') }), responses: {}, raw: 'file',
  }),

  // ---- hall settings and reference data (manager) ----
  'settings.get': route({
    method: 'GET', path: '/api/hall/settings', summary: '大厅设置：叫号大屏播报次数与间隔（大屏启动时及收到 settings 信号时读取）', tags: ['hall'], roles: READERS,
    responses: { 200: hallSettingsResponseSchema }, errors: [401],
  }),
  'settings.put': route({
    method: 'PUT', path: '/api/hall/settings', summary: '修改大厅设置（播报次数 1–3 次，播报间隔 0–5000 毫秒）；已打开的大屏立即生效', tags: ['manager'], roles: ['manager'],
    body: hallSettingsUpdateSchema, responses: { 200: hallSettingsResponseSchema }, errors: [400, 401, 403],
  }),
  'admin.staff': route({
    method: 'GET', path: '/api/admin/staff', summary: '工作人员列表（不含密码）', tags: ['admin'], roles: ['manager'], responses: { 200: adminStaffListSchema }, errors: windowErrors,
  }),
  'admin.createStaff': route({
    method: 'POST', path: '/api/admin/staff', summary: '新增工作人员（工号唯一；初始密码至少 6 位，仅存 scrypt 哈希）', tags: ['admin'], roles: ['manager'],
    body: staffCreateSchema, responses: { 201: adminStaffSchema }, errors: windowErrors,
  }),
  'admin.updateStaff': route({
    method: 'PATCH', path: '/api/admin/staff/:workNo', summary: '修改工作人员（姓名、角色、星级、固定窗口、AB角、启用）；停用或改角色即注销其登录', tags: ['admin'],
    roles: ['manager'], params: staffParamsSchema, body: staffPatchSchema, responses: { 200: adminStaffSchema }, errors: windowErrors,
  }),
  'admin.resetPassword': route({
    method: 'POST', path: '/api/admin/staff/:workNo/password', summary: '重置密码（其登录全部注销）', tags: ['admin'], roles: ['manager'],
    params: staffParamsSchema, body: passwordResetSchema, responses: { 204: noContent }, errors: windowErrors,
  }),
  'admin.problems': route({
    method: 'GET', path: '/api/admin/problems', summary: '运行问题：启动或读取时跳过的无法解析的数据、执行失败的事件监听器（按代码计数）', tags: ['admin'], roles: ['manager'],
    responses: { 200: problemsResponseSchema }, errors: [401, 403],
  }),
  'admin.categories': route({
    method: 'GET', path: '/api/admin/categories', summary: '业务类别列表（含受理窗口；无窗口受理即已停用）', tags: ['admin'], roles: ['manager'],
    responses: { 200: adminCategoryListSchema }, errors: windowErrors,
  }),
  'admin.createCategory': route({
    method: 'POST', path: '/api/admin/categories', summary: '新增业务类别（前缀唯一，号段起始号小于结束号）', tags: ['admin'], roles: ['manager'],
    body: categoryCreateSchema, responses: { 201: adminCategorySchema }, errors: windowErrors,
  }),
  'admin.updateCategory': route({
    method: 'PATCH', path: '/api/admin/categories/:code', summary: '修改业务类别（代码不可改；新前缀从下一张号票起生效）', tags: ['admin'], roles: ['manager'],
    params: categoryParamsSchema, body: categoryPatchSchema, responses: { 200: adminCategorySchema }, errors: windowErrors,
  }),
  'admin.windows': route({
    method: 'GET', path: '/api/admin/windows', summary: '窗口列表（含受理的业务类别）', tags: ['admin'], roles: ['manager'], responses: { 200: adminWindowListSchema }, errors: windowErrors,
  }),
  'admin.createWindow': route({
    method: 'POST', path: '/api/admin/windows', summary: '新增窗口（窗口号唯一；新窗口为关闭状态，需再分配业务类别）', tags: ['admin'], roles: ['manager'],
    body: windowCreateSchema, responses: { 201: adminWindowSchema }, errors: windowErrors,
  }),
  'admin.updateWindow': route({
    method: 'PATCH', path: '/api/admin/windows/:no', summary: '修改窗口名称', tags: ['admin'], roles: ['manager'],
    params: windowParamsSchema, body: windowPatchSchema, responses: { 200: adminWindowSchema }, errors: windowErrors,
  }),
  'admin.hall': route({
    method: 'GET', path: '/api/admin/hall', summary: '大厅名称和大屏公告（无公告时为空字符串）', tags: ['admin'], roles: ['manager'], responses: { 200: adminHallSchema }, errors: windowErrors,
  }),
  'admin.updateHall': route({
    method: 'PATCH', path: '/api/admin/hall', summary: '修改大厅名称（1–40 字）或大屏公告（至多 200 字，空字符串即撤下公告）；叫号大屏等随即更新', tags: ['admin'], roles: ['manager'],
    body: hallPatchSchema, responses: { 200: adminHallSchema }, errors: windowErrors,
  }),
} as const satisfies Record<string, RouteDef>;

export type HallRoutes = typeof hallRoutes;
export type HallRouteName = keyof HallRoutes;
/** The window actions a clerk's counter sends by name (recall, start, finish …). */
export type WindowActionRoute = Extract<HallRouteName, `windows.${string}`>;
