// The citizen's phone (issue 17): public routes keyed by an unguessable token — a ticket's
// tracking page (view, WebSocket, long-poll, rating) and a receipt's case page (/c/<token>,
// /r/<token>: progress and rating) — plus the staff side: leaving a phone number for SMS and the
// manager's reminder setting. No route here answers anything personal.
import { z } from 'zod';
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes, fastifySchema } from '../http/route';
import { E } from '../errors';
import { CodedError } from '../../domain/api/errors';
import { trackTokenSchema } from '../../domain/api/track';
import { smsSenderFrom } from '../notify/sms';
import { TrackHub } from '../track/hub';
import { PhonePurge } from '../track/purge';
import { PhoneVault } from '../track/phoneVault';
import { ticketTrackUrl } from '../track/tokens';
import { ratePhone } from '../track/phoneRating';
import { stateOf, toTrackCase, TrackService, trackErrors } from '../track/service';
import { readTrackSettings, writeTrackSettings } from '../track/settings';
import { hallPadReasons } from '../ratings/reasonLists';

const PUBLIC = { security: [] as never[] };

const trackRoutes: RouteModule = (app, ctx) => {
  const { engine, auth, store } = ctx;
  const serve = defineRoutes(app, auth);
  const now = ctx.phone?.now ?? Date.now;
  const svc = new TrackService(ctx);
  if (!ctx.phone?.phoneKey) throw new Error('the hall context has no phone key (it comes from the keyring: server/privacy/keys.ts)');
  const vault = new PhoneVault(ctx.phone.phoneKey);
  const sms = smsSenderFrom(ctx.phone?.smsGatewayUrl);
  const hub = new TrackHub(ctx, svc, vault, sms, {
    now,
    intervalMs: ctx.phone?.trackIntervalMs,
    lineEveryMs: ctx.phone?.trackLineEveryMs,
    warn: (o, m) => app.log.warn(o, m),
  });
  const purge = new PhonePurge(store, engine.timeZone, now);
  purge.check();
  app.decorate('trackHub', hub);
  app.addHook('preClose', (done) => {
    hub.close();
    purge.close();
    done();
  });

  serve(R['track.view'], async (req) => svc.viewByToken(req.params.token));

  serve(R['track.poll'], async (req) => {
    const { token } = req.params;
    const { rev, wait } = req.query;
    const v = svc.viewByToken(token);
    const track = svc.trackRow(token)!;
    return (await hub.nextView(track.ticket_id, rev, v, wait)) ?? v;
  });

  const ws = R['track.stream'];
  app.get(
    ws.path,
    {
      websocket: true,
      schema: fastifySchema(ws),
      preValidation: (req, _reply, done) => {
        try {
          svc.viewByToken((req.params as { token: string }).token);
          done();
        } catch (e) {
          done(e as Error);
        }
      },
    },
    (socket, req) => {
      const { token } = req.params as { token: string };
      const track = svc.trackRow(token);
      const t = track && svc.ticket(track.ticket_id);
      if (!track || !t) socket.close(4404, 'not found');
      else hub.addSocket(track, t, socket);
    },
  );

  serve(R['track.rate'], async (req) => {
    const target = svc.ticketTarget(req.params.token);
    const r = ratePhone(ctx, target, req.body, now());
    hub.kick(true);
    return r;
  });

  serve(R['track.case'], async (req) => {
    const { row, target, rated } = svc.caseByToken(req.params.token);
    const offer = hallPadReasons(store);
    return {
      hallName: engine.hallName(),
      case: toTrackCase(row),
      rating: { open: !!target && !rated, rated, reasonListVersion: offer.version, bad: offer.bad, good: offer.good },
    };
  });

  serve(R['track.caseRate'], async (req) => {
    const { target } = svc.caseByToken(req.params.token);
    if (!target) throw trackErrors.notFound();
    const r = ratePhone(ctx, target, req.body, now());
    hub.kick(true);
    return r;
  });

  serve(R['tickets.phone'], async (req) => {
    const { id } = req.params;
    const { phone } = req.body;
    const t = svc.ticket(id);
    const track = t && svc.trackOf(id);
    if (!t || !track) throw E.unknownTicket();
    const st = stateOf(t);
    // Serving (or 挂起) counts as live: a clerk leaves the number before a 转移 or a 挂起, and the SMS comes when it is called again.
    if (st !== 'waiting' && st !== 'called' && st !== 'serving') throw new CodedError('ticket_closed', '该号已办理结束，无需短信提醒', 409);
    const sealed = vault.seal(phone);
    store.raw
      .prepare('UPDATE ticket_tracks SET phone_enc = ?, phone_masked = ?, sms_ahead_at = NULL, sms_called_at = NULL WHERE ticket_id = ?')
      .run(sealed.enc, sealed.masked, id);
    hub.refreshTrack(id);
    return { ok: true as const, phoneMasked: sealed.masked };
  });

  serve(R['tickets.track'], async (req) => {
    const { id } = req.params;
    const t = svc.ticket(id);
    const track = t && svc.trackOf(id);
    if (!t || !track) throw E.unknownTicket();
    const base = engine.publicBaseUrl;
    return {
      trackUrl: base ? ticketTrackUrl(base, track.token) : null,
      phoneMasked: track.phone_masked ?? null,
      number: t.number,
      categoryName: engine.categories().get(t.category)?.name ?? t.category,
      issuedAt: new Date(t.issued_at).toISOString(),
    };
  });

  serve(R['track.settings'], async () => readTrackSettings(store));

  serve(R['track.setSettings'], async (req) => {
    const s = writeTrackSettings(store, req.body);
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
  for (const [p, suffix] of [
    ['/c/:token', ''],
    ['/r/:token', '?rate=1'],
  ] as const) {
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
