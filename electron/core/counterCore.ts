// Assembles one counter core: local DB, hall client, session, queue, pad evaluator, outbox,
// and the contract handlers. No electron import: the same core runs in Electron's
// utilityProcess and in browser mode.
import { hostname } from 'node:os';
import { v7 as uuidv7 } from 'uuid';
import { HallClient } from '../../domain/api/hallClient';
import type { RatingSubmission } from '../../domain/api/hall';
import { CodedError } from '../../domain/api/errors';
import type { DeviceStatus } from '../../domain/contract/core';
import type { CoreConfig } from './config';
import { openCounterDb, getMeta, setMeta, type Db } from './db';
import { createCoreHost, type CoreHost } from './rpc/host';
import { SessionService } from './session/sessionService';
import { QueueService } from './queue/queueService';
import { PadEvaluator } from './pad/padEvaluator';
import { Outbox } from './outbox/outbox';
import { ratingReasons, isBadRating } from './pad/ratingReasons';
import { logger } from './logger';
import './sync/eventLog'; // registers the event-log migration before the DB opens

export interface CounterCore {
  host: CoreHost;
  config: CoreConfig;
  db: Db;
  close(): Promise<void>;
}

export async function createCounterCore(config: CoreConfig): Promise<CounterCore> {
  const db = openCounterDb(config.dataDir);
  let deviceId = config.deviceId ?? getMeta(db, 'deviceId');
  if (!deviceId) {
    deviceId = `W${config.windowNo}-${hostname().slice(0, 16)}-${uuidv7().slice(-8)}`;
    setMeta(db, 'deviceId', deviceId);
  }
  const hall = new HallClient({ baseUrl: config.hallUrl });
  // eslint-disable-next-line prefer-const
  let host: CoreHost;
  const emit: CoreHost['emit'] = (e, p) => host?.emit(e, p);

  const session = new SessionService(db, hall, { windowNo: config.windowNo, deviceId, hallUrl: config.hallUrl }, (s) => {
    pad.showClerk(s.clerk);
    emit('session', s);
  });
  const queue = new QueueService(hall, config.windowNo, {
    onChange: (version) => emit('queue', { version }),
    onConnection: (online) => session.setOnline(online),
  });
  const outbox = new Outbox(db, async (kind, body) => {
    if (kind === 'rating') await hall.submitRating(body as RatingSubmission);
    else throw new CodedError('OUTBOX_UNKNOWN_KIND', `未知的待同步类型：${kind}`, 422);
  }, (s) => emit('sync', s));
  const pad = new PadEvaluator({
    windowNo: config.windowNo,
    timeoutMs: config.ratingTimeoutMs,
    reasons: ratingReasons(),
    isBad: isBadRating,
    onState: (s) => emit('pad', s),
    onRated: (r) => {
      const clerk = session.get().clerk;
      const rating: RatingSubmission = {
        id: r.requestId,
        windowNo: config.windowNo,
        clerkWorkNo: clerk?.workNo ?? '',
        ticketId: r.ticketId,
        caseNo: r.caseNo,
        level: r.level,
        dimensions: r.dimensions,
        reasonCodes: r.reasonCodes,
        reasonListVersion: r.reasonListVersion,
        text: r.text,
        channel: 'hallTablet',
        ratedAt: r.ratedAt,
      };
      outbox.enqueue(rating.id, 'rating', rating);
      emit('rated', { requestId: r.requestId, level: r.level });
    },
  });

  const devices = (): DeviceStatus[] => [
    { kind: 'idReader', state: config.idCardPort ? 'offline' : 'absent', message: config.idCardPort ? '身份证阅读器未连接' : '未配置身份证阅读器' },
    { kind: 'printer', state: config.printer ? 'offline' : 'absent', message: config.printer ? '打印机未连接' : '未配置打印机' },
    { kind: 'evaluator', state: 'ok', message: '评价器（副屏）就绪' },
    { kind: 'led', state: config.ledPort ? 'offline' : 'absent', message: config.ledPort ? '窗口屏未连接' : '未配置窗口屏' },
  ];

  host = createCoreHost(
    {
      'session.get': () => session.get(),
      'session.login': ({ workNo, password }) => session.login(workNo, password),
      'session.logout': () => session.logout(),
      'queue.get': () => queue.view(),
      'queue.hall': () => queue.hallSnapshot(),
      'queue.callNext': ({ category, requestId }) => (session.requireClerk(), queue.callNext(category, requestId)),
      'queue.recall': ({ requestId }) => queue.act('recall', { requestId }) as never,
      'queue.noShow': ({ requestId }) => queue.act('no-show', { requestId }) as never,
      'queue.start': ({ requestId }) => queue.act('start', { requestId }) as never,
      'queue.finish': ({ requestId, outcome }) => queue.act('finish', { requestId, outcome }) as never,
      'queue.pause': ({ reason, requestId }) => queue.act('pause', { reason, requestId }) as never,
      'queue.resume': ({ requestId }) => queue.act('resume', { requestId }) as never,
      'pad.get': () => pad.get(),
      'pad.rate': (input) => (pad.rate(input), { accepted: true as const }),
      'rating.request': async ({ ticketId, caseNo, serviceName }) => {
        session.requireClerk();
        const view = await queue.view().catch(() => null);
        const ticketNumber = view?.current && (!ticketId || view.current.id === ticketId) ? view.current.number : null;
        return pad.request({ ticketId: ticketId ?? view?.current?.id, caseNo, ticketNumber, serviceName });
      },
      'rating.cancel': () => ({ cancelled: pad.cancel() }),
      'devices.status': () => devices(),
      'sync.status': () => outbox.status(),
    },
    (err, method) => logger.error({ err, method }, 'core handler failed'),
  );

  queue.start();
  outbox.start();
  logger.info({ windowNo: config.windowNo, deviceId, hallUrl: config.hallUrl }, 'counter core started');

  return {
    host,
    config,
    db,
    async close() {
      queue.stop();
      outbox.stop();
      pad.dispose();
      db.close();
    },
  };
}
