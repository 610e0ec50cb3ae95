// The citizen's phone (issue 17): public routes keyed by an unguessable token — a ticket's
// tracking page (view, WebSocket, long-poll, rating) and a receipt's case page (/c/<token>,
// /r/<token>: progress and rating) — plus the staff side: leaving a phone number for SMS and the
// manager's reminder setting. No route here answers anything personal.
import { z } from 'zod';
import type { RouteModule } from '../context';
import { guard } from '../auth';
import { E } from '../errors';
import { apiErrorSchema, CodedError } from '../../domain/api/errors';
import {
  caseProgressSchema, leavePhoneResponseSchema, leavePhoneSchema, phoneRatingAcceptedSchema, phoneRatingSchema, trackSettingsSchema,
  trackSettingsUpdateSchema, trackTokenSchema, trackViewSchema, type PhoneRating, type TrackSettings,
} from '../../domain/api/track';
import { smsSenderFrom } from '../notify/sms';
import { TrackHub } from '../track/hub';
import { PhonePurge } from '../track/purge';
import { PhoneVault } from '../track/phoneVault';
import { ratePhone } from '../track/phoneRating';
import { stateOf, toTrackCase, TrackService, trackErrors } from '../track/service';
import { readTrackSettings, writeTrackSettings } from '../track/settings';
import { defaultReasonList, padReasons } from '../../domain/rating';

const tokenParams = z.object({ token: trackTokenSchema });
const PUBLIC = { security: [] as never[] };
const REASONS = padReasons(defaultReasonList);

const trackRoutes: RouteModule = (app, ctx) => {
  const { engine, auth, store } = ctx;
  const now = ctx.phone?.now ?? Date.now;
  const svc = new TrackService(ctx);
  const vault = new PhoneVault(store);
  const sms = smsSenderFrom(ctx.phone?.smsGatewayUrl);
  const hub = new TrackHub(ctx, svc, vault, sms, { now, intervalMs: ctx.phone?.trackIntervalMs, warn: (o, m) => app.log.warn(o, m) });
  const purge = new PhonePurge(store, engine.timeZone, now);
  purge.check();
  app.decorate('trackHub', hub);
  app.addHook('preClose', (done) => {
    hub.close();
    purge.close();
    done();
  });

  app.get('/api/track/:token', {
    schema: { tags: ['track'], summary: '市民手机查看排队进度（二维码中的令牌；不含任何个人信息）', ...PUBLIC, params: tokenParams, response: { 200: trackViewSchema, 400: apiErrorSchema, 404: apiErrorSchema } },
  }, async (req) => svc.viewByToken((req.params as { token: string }).token));

  app.get('/api/track/:token/poll', {
    schema: {
      tags: ['track'], summary: '排队进度长轮询：rev 与当前不同立即返回，否则最多等待 wait 毫秒', ...PUBLIC, params: tokenParams,
      querystring: z.object({ rev: z.coerce.number().int().min(0).default(0), wait: z.coerce.number().int().min(0).max(25_000).default(20_000) }),
      response: { 200: trackViewSchema, 400: apiErrorSchema, 404: apiErrorSchema },
    },
  }, async (req) => {
    const { token } = req.params as { token: string };
    const { rev, wait } = req.query as { rev: number; wait: number };
    const v = svc.viewByToken(token);
    const track = svc.trackRow(token)!;
    return (await hub.nextView(track.ticket_id, rev, v, wait)) ?? v;
  });

  app.get('/api/track/:token/ws', {
    websocket: true,
    schema: { tags: ['track'], summary: '排队进度 WebSocket：连接后立即推送当前进度，之后每次变化推送一次', ...PUBLIC, params: tokenParams },
    preValidation: (req, _reply, done) => {
      try {
        svc.viewByToken((req.params as { token: string }).token);
        done();
      } catch (e) {
        done(e as Error);
      }
    },
  }, (socket, req) => {
    const { token } = req.params as { token: string };
    try {
      const v = svc.viewByToken(token);
      hub.addSocket(svc.trackRow(token)!.ticket_id, socket, v);
    } catch {
      socket.close(4404, 'not found');
    }
  });

  app.post('/api/track/:token/rating', {
    schema: {
      tags: ['track'], summary: '扫码评价本次服务（渠道 qrCode；一次服务只能评价一次；被评价人以大厅记录为准）', ...PUBLIC, params: tokenParams,
      body: phoneRatingSchema, response: { 200: phoneRatingAcceptedSchema, 400: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema },
    },
  }, async (req) => {
    const target = svc.ticketTarget((req.params as { token: string }).token);
    const r = ratePhone(ctx, target, req.body as PhoneRating, now());
    hub.kick(true);
    return r;
  });

  app.get('/api/track/case/:token', {
    schema: { tags: ['track'], summary: '受理回执二维码：办件进度（状态、承诺办结日期、环节；不含个人信息）与评价', ...PUBLIC, params: tokenParams, response: { 200: caseProgressSchema, 400: apiErrorSchema, 404: apiErrorSchema } },
  }, async (req) => {
    const { row, target, rated } = svc.caseByToken((req.params as { token: string }).token);
    return { hallName: engine.hallName(), case: toTrackCase(row), rating: { open: !!target && !rated, rated, reasonListVersion: REASONS.version, bad: REASONS.bad, good: REASONS.good } };
  });

  app.post('/api/track/case/:token/rating', {
    schema: {
      tags: ['track'], summary: '受理回执扫码评价（与号票评价同为一次服务一次评价）', ...PUBLIC, params: tokenParams,
      body: phoneRatingSchema, response: { 200: phoneRatingAcceptedSchema, 400: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema },
    },
  }, async (req) => {
    const { target } = svc.caseByToken((req.params as { token: string }).token);
    if (!target) throw trackErrors.notFound();
    const r = ratePhone(ctx, target, req.body as PhoneRating, now());
    hub.kick(true);
    return r;
  });

  app.put('/api/tickets/:id/phone', {
    schema: {
      tags: ['track'], summary: '为号票留手机号（短信提醒：前面剩 N 人时、叫号时）；号码加密保存、当日结束即删除，只回显脱敏号码',
      params: z.object({ id: z.string().min(1).max(64) }), body: leavePhoneSchema,
      response: { 200: leavePhoneResponseSchema, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema, 404: apiErrorSchema, 409: apiErrorSchema },
    },
    preHandler: guard(auth, ['kiosk', 'clerk', 'manager', 'counter']),
  }, async (req) => {
    const { id } = req.params as { id: string };
    const { phone } = req.body as { phone: string };
    const t = svc.ticket(id);
    const track = t && svc.trackOf(id);
    if (!t || !track) throw E.unknownTicket();
    const st = stateOf(t);
    if (st !== 'waiting' && st !== 'called') throw new CodedError('ticket_closed', '该号已办理结束，无需短信提醒', 409);
    const sealed = vault.seal(phone);
    store.raw.prepare('UPDATE ticket_tracks SET phone_enc = ?, phone_masked = ?, sms_ahead_at = NULL, sms_called_at = NULL WHERE ticket_id = ?').run(sealed.enc, sealed.masked, id);
    hub.refreshTrack(id);
    return { ok: true as const, phoneMasked: sealed.masked };
  });

  app.get('/api/track/settings', {
    schema: { tags: ['manager'], summary: '短信提醒设置：前面剩 N 人时提醒', response: { 200: trackSettingsSchema, 401: apiErrorSchema, 403: apiErrorSchema } },
    preHandler: guard(auth, ['manager']),
  }, async () => readTrackSettings(store));

  app.put('/api/track/settings', {
    schema: { tags: ['manager'], summary: '修改短信提醒设置（N 为 1–50）', body: trackSettingsUpdateSchema, response: { 200: trackSettingsSchema, 400: apiErrorSchema, 401: apiErrorSchema, 403: apiErrorSchema } },
    preHandler: guard(auth, ['manager']),
  }, async (req) => {
    const s = writeTrackSettings(store, req.body as TrackSettings);
    hub.kick();
    return s;
  });

  // The receipt's printed QR paths: the same renderer's case page (the token stays in the hash,
  // so it is not in any access log line of a proxy in front).
  const redirect = (suffix: string) => async (req: { params: unknown }, reply: { redirect: (url: string, code?: number) => unknown }) => {
    const token = (req.params as { token?: string }).token ?? '';
    if (token && !trackTokenSchema.safeParse(token).success) throw trackErrors.notFound();
    return reply.redirect(`/#/c/${token}${token ? suffix : ''}`, 302);
  };
  for (const [p, suffix] of [['/c/:token', ''], ['/r/:token', '?rate=1']] as const) {
    app.get(p, { schema: { hide: true, ...PUBLIC, params: z.object({ token: z.string().max(64) }) } }, redirect(suffix));
  }
  app.get('/c/', { schema: { hide: true, ...PUBLIC } }, async (_req, reply) => reply.redirect('/#/c/', 302));
};


declare module 'fastify' {
  interface FastifyInstance {
    trackHub: TrackHub;
  }
}

export default trackRoutes;
