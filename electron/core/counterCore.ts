// Assembles one counter core: local DB, hall client, session, queue, devices, catalogue, cases,
// receipts, ratings, audit trail, search and the contract handlers. No electron import: the
// same core runs in Electron's utilityProcess and in browser mode.
import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import { receiptWording, setReceiptWording, type ReceiptWordingOverrides } from '../../domain/receipts/wording';
import { v7 as uuidv7 } from 'uuid';
import { HallClient } from '../../domain/api/hallClient';
import type { RatingSubmission, StaffCard, Ticket } from '../../domain/api/hall';
import { CodedError } from '../../domain/api/errors';
import { isBadRating, padReasons } from '../../domain/rating';
import type { CoreConfig } from './config';
import { openCounterDb, getMeta, setMeta, type Db } from './db';
import { createCoreHost, type CoreHost } from './rpc/host';
import { SessionService } from './session/sessionService';
import { ManagerUnlock } from './session/managerUnlock';
import { QueueService } from './queue/queueService';
import { PadEvaluator } from './pad/padEvaluator';
import { enrollCounter } from './sync/takeOver';
import { SyncEngine } from './sync/syncEngine';
import { logger } from './logger';
import { AuditLog } from './audit/auditLog';
import { CatalogueService } from './catalogue/catalogueService';
import { ReferenceService } from './catalogue/referenceService';
import { CaseService } from './cases/caseService';
import { CounterRecords } from './cases/counterRecords';
import { DeviceHub } from './devices/deviceHub';
import { HealthReporter } from './devices/healthReporter';
import { PrintService, toRecord } from './receipts/printService';
import { refusalDoc } from './receipts/receiptBuilder';
import { withReprintMark } from '../../native/printer/templates';
import { DEFAULT_HALL_TIME_ZONE } from '../../domain/calendar/hallTime';
import { loadCaseRow } from './cases/caseStore';
import { ProxyDesk } from './practices/proxyDesk';
import { ProblemDesk } from './practices/problemDesk';
import type { CaseResult, ReceiptProxy } from '../../domain/contract/core';
import { CaseSearch } from './search/caseSearch';
import { openKeyBox, openLed } from './devices/serialAdapters';
import { listDeadLetters, resolveDeadLetter } from './sync/deadLetters';
import { attachAtRest, openCounterKeyring } from './privacy/atRest';
import { runCounterRetention } from './privacy/retention';
import { hallTransport, normalizeFingerprint } from './hallTransport';
import { startDailyJob } from '../../native/dailyJob';
import { LicenceService } from './licences/licenceService';
import { LicenceClient } from './licences/licenceClient';
import { licenceHandlers } from './licences/licenceHandlers';
import { searchKey } from './cases/caseStore';

export interface CounterCore {
  host: CoreHost;
  config: CoreConfig;
  db: Db;
  deviceId: string;
  /** Re-project cases after sync stored remote events for them (back-office steps). */
  refreshCases(caseIds: readonly string[]): void;
  /** The daily retention job, now (with the injected clock). */
  runRetention(): { shredded: number; printJobs: number } | undefined;
  close(): Promise<void>;
}

export interface CounterCoreHooks {
  /** Electron: the keyring changed (a key rotated, a secret moved in): seal and store it again. */
  persistKeyring?: (json: string) => void;
  /** Clock of the daily retention job (tests). */
  now?: () => Date;
}

export async function createCounterCore(config: CoreConfig, hooks: CounterCoreHooks = {}): Promise<CounterCore> {
  const db = openCounterDb(config.dataDir);
  // Applicant fields are sealed at rest with keys kept outside this database.
  attachAtRest(db, openCounterKeyring({ dataDir: config.dataDir, keyringJson: config.keyringJson, persist: hooks.persistKeyring }));
  // The hall's certificate: pinned from the config (enrollment) or learnt on first contact.
  if (config.hallFingerprint) setMeta(db, 'hallFingerprint', normalizeFingerprint(config.hallFingerprint));
  const transport = hallTransport({
    hallUrl: config.hallUrl,
    allowInsecureHall: config.allowInsecureHall,
    pin: () => getMeta(db, 'hallFingerprint'),
    learn: (fp) => {
      setMeta(db, 'hallFingerprint', fp);
      logger.warn({ fingerprint: fp }, 'hall certificate pinned on first contact (no fingerprint was configured)');
    },
  });
  let deviceId = config.deviceId ?? getMeta(db, 'deviceId');
  if (!deviceId) {
    deviceId = `W${config.windowNo}-${hostname().slice(0, 16)}-${uuidv7().slice(-8)}`;
    setMeta(db, 'deviceId', deviceId);
  }
  if (config.enrollCode && !getMeta(db, 'sync.deviceToken')) {
    // Enroll before anything writes: a replacement code hands this PC the old PC's sync log.
    // Hall unreachable: the sync engine enrolls later (and a takeover then applies at the next start).
    deviceId = await enrollCounter(db, { hallUrl: config.hallUrl, code: config.enrollCode, localId: deviceId, fetch: transport.fetch, timeoutMs: 5000 })
      .then((r) => r.deviceId)
      .catch((err: unknown) => {
        logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'enrollment at start failed; will retry');
        return deviceId!;
      });
  }
  // A 401 to the clerk's token drops his offline verifier (session is defined below; a 401 needs a signed-in clerk first).
  const hall = new HallClient({
    baseUrl: config.hallUrl,
    fetch: transport.fetch,
    timeoutMs: config.hallRequestTimeoutMs,
    onUnauthorized: (code) => session.hallRejectedToken(code),
  });
  // eslint-disable-next-line prefer-const
  let host: CoreHost;
  const emit: CoreHost['emit'] = (e, p) => host?.emit(e, p);
  // The hall's own 文书 wording (seal name, consequences…), validated; a bad file stops the start.
  if (config.receiptWordingFile) setReceiptWording(JSON.parse(readFileSync(config.receiptWordingFile, 'utf8')) as ReceiptWordingOverrides);
  let hallName = '政务服务中心';
  /** The hall's zone (hall setting, from its snapshot): every printed time is its wall time. */
  let hallZone = DEFAULT_HALL_TIME_ZONE;

  const audit = new AuditLog(db, deviceId);
  const records = new CounterRecords(db, deviceId, config.windowNo);
  const catalogue = new CatalogueService(db, hall);
  // The hall's 差评 reason list and calendar overrides (the city's when it published them), cached.
  const reference = new ReferenceService(db, hall, (list, calendarChanged) => {
    pad.setReasons(padReasons(list));
    // Open cases count their deadlines again with the new calendar (as the hall's projection does).
    if (calendarChanged) cases.refresh((db.prepare('SELECT case_id FROM cases WHERE open = 1').all() as { case_id: string }[]).map((r) => r.case_id));
  });
  /** Catalogue and reference data from the hall: at sign-in, back online, and when the hall has a new catalogue. */
  const refreshFromHall = () => {
    if (!hall.token) return;
    void catalogue.refresh().then(() => emit('cases', { caseId: null }));
    void reference.update();
  };

  const session = new SessionService(db, hall, { windowNo: config.windowNo, deviceId, hallUrl: config.hallUrl }, (s) => {
    pad.showClerk(s.clerk);
    void keyBox?.showClerk(s.clerk).catch(() => undefined);
    if (!s.clerk) devices.clearCard();
    emit('session', s);
  });
  // Admin actions at the counter need a hall manager's unlock (issue 5); it lapses on its own.
  const managerUnlock = new ManagerUnlock({
    db,
    hallUrl: config.hallUrl,
    fetch: transport.fetch,
    windowNo: config.windowNo,
    windowMs: config.managerUnlockMs,
    onChange: (u) => session.setManagerUnlock(u),
  });
  const clerkOf = (): StaffCard => session.requireClerk();
  const act = (action: string, target: string | null, before: unknown = null, after: unknown = null) => {
    const c = session.get().clerk;
    audit.append({ workNo: c?.workNo ?? '-', windowNo: config.windowNo, action, target, before, after });
  };

  const queue = new QueueService(
    hall,
    config.windowNo,
    {
      onChange: (version) => emit('queue', { version }),
      onConnection: (online) => {
        session.setOnline(online);
        if (online) refreshFromHall();
      },
      onSignal: (type) => {
        if (type === 'admin.catalogue') refreshFromHall();
      },
      onReference: (v) => reference.heard(v),
    },
    { heartbeatMs: config.heartbeatMs, deadAfterMs: config.hallDeadAfterMs, requestTimeoutMs: config.hallRequestTimeoutMs },
    transport.createSocket,
    transport.fetch,
  );
  // Offline-first sync of the event log (cases, ratings, audit…) with the hall server.
  const sync = new SyncEngine({
    db,
    deviceId,
    hallUrl: config.hallUrl,
    fetch: transport.fetch,
    enrollCode: config.enrollCode,
    token: () => hall.token,
    onStatus: (s) => emit('sync', s),
    log: logger,
  });

  // Deferred: a serial adapter may report status while the hub is still being built.
  const pushDevices = () => void setImmediate(() => devices.push());
  const keyBox = config.keyBoxPort ? openKeyBox(config.keyBoxPort, pushDevices) : null;
  const evaluatorStatus = () => keyBox?.status ?? { kind: 'evaluator' as const, state: 'ok' as const, message: '评价器（副屏/平板）就绪' };
  /** Which adapter delivered the rating being recorded (the pad, or the key box through pad.rate). */
  let ratingChannel: RatingSubmission['channel'] = 'hallTablet';
  const devices: DeviceHub = new DeviceHub({
    idCardPort: config.idCardPort,
    idCardBaud: config.idCardBaud,
    printerConfigured: Boolean(config.printer),
    ledConfigured: Boolean(config.ledPort),
    led: config.ledPort ? openLed(config.ledPort, pushDevices) : null,
    evaluator: evaluatorStatus,
    simControl: config.simControl,
    // Deferred like pushDevices: the hub may report before the reporter below exists.
    onDevices: (list) => (emit('devices', list), void setImmediate(() => healthReporter.report())),
    onCard: (card) => emit('card', card),
  });
  // Device health for the manager board (hall), with the signed-in clerk's token.
  const healthReporter = new HealthReporter({
    windowNo: config.windowNo,
    list: () => devices.list(),
    signedIn: () => Boolean(session.get().clerk && hall.token),
    send: (windowNo, body) => hall.call('windows.reportDevices', { params: { windowNo }, body }),
  });
  const print = new PrintService(
    db,
    { printer: config.printer, widthMm: config.printerWidthMm },
    (r) => emit('print', r),
    (s) => devices.setPrinterStatus(s),
  );

  const receiptContext = (clerk: StaffCard) => ({
    hallName,
    unit: hallName,
    timeZone: hallZone,
    windowNo: config.windowNo,
    clerk: { name: clerk.name, workNo: clerk.workNo },
    publicBaseUrl: config.hallUrl.replace(/\/$/, ''),
  });
  /** The catalogue item of a case (its department and legal basis go on paper); null when unknown. */
  const itemOf = (code: string | null | undefined) => {
    if (!code) return null;
    try {
      return catalogue.get(code);
    } catch {
      return null;
    }
  };
  const deviceCode = config.deviceCode ?? String(config.windowNo).padStart(3, '0');
  // 免提交: the city's e-licence library, when this counter is connected to one (docs/licences.md).
  const licences = new LicenceService({
    db,
    windowNo: config.windowNo,
    client: config.licenceService ? new LicenceClient(config.licenceService, `hall-counter:${deviceId}`, config.hallRequestTimeoutMs) : null,
    audit,
    key: searchKey(db),
    consentMs: config.licenceConsentMs,
  });
  const cases = new CaseService({
    db,
    deviceId,
    windowNo: config.windowNo,
    hallCode: config.hallCode,
    deviceCode,
    dueSoonDays: config.dueSoonDays,
    catalogue,
    cards: devices.cards,
    audit,
    print,
    receiptContext,
    onChange: (caseId) => emit('cases', { caseId }),
    clearCard: () => devices.clearCard(),
    ...(licences.enabled ? { licences } : {}),
  });
  const search = new CaseSearch(db, config.dueSoonDays);
  const proxyDesk = new ProxyDesk(db, hall, () => session.get().clerk?.workNo ?? null);
  const problemDesk = new ProblemDesk(db, hall, print, config.windowNo, () => ({ name: hallName, zone: hallZone }));
  /**
   * 帮办代办: resolve the service on the hall first (online only: the receipt prints the hall's 代办编号 and
   * 代办员), accept with those lines, then link the case on the hall (kept and re-sent if the hall drops).
   */
  const acceptUnderProxy = async (serviceId: string, itemCode: string | null, accept: (p: ReceiptProxy) => CaseResult): Promise<CaseResult> => {
    const { serviceId: id, ...lines } = await proxyDesk.resolve(serviceId, itemCode);
    const r = accept(lines);
    const row = loadCaseRow(db, r.caseId);
    if (!row?.acceptedAt) return r;
    const link = await proxyDesk.link({ serviceId: id, caseNo: r.caseNo, itemCode, requestId: `proxy-${r.caseId}`.slice(0, 64), workNo: clerkOf().workNo });
    act('proxy.linkCase', r.caseNo, null, { serviceNo: lines.serviceNo, link });
    return { ...r, proxy: { ...lines, link } };
  };
  // Remote events (back-office 办理/办结/出件, other counters) and acks re-project the case rows.
  sync.onRemoteCaseEvents(({ caseIds }) => cases.refresh(caseIds));

  const pad = new PadEvaluator({
    windowNo: config.windowNo,
    timeoutMs: config.ratingTimeoutMs,
    reasons: padReasons(reference.reasons()),
    isBad: isBadRating,
    onState: (s) => emit('pad', s),
    onConsent: (requestId, agree) => licenceApi.onPadConsent(requestId, agree),
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
        channel: ratingChannel,
        ratedAt: r.ratedAt,
      };
      const caseId = r.caseNo
        ? ((db.prepare('SELECT case_id FROM cases WHERE case_no = ?').get(r.caseNo) as { case_id: string } | undefined)?.case_id ?? null)
        : null;
      ratingChannel = 'hallTablet';
      void keyBox?.cancel();
      records.recordRating(rating, caseId);
      sync.kick(); // the 'rating' record is in the event log; push it now
      emit('rated', { requestId: r.requestId, level: r.level });
      if (caseId) emit('cases', { caseId });
    },
  });

  const licenceApi = licenceHandlers({
    licences,
    pad,
    cards: devices.cards,
    clerkOf,
    consentMs: config.licenceConsentMs,
    emit: (caseRef, consent) => emit('licences', { caseRef, consent }),
  });

  /** Queue action + LED + audit + service log, in that order of importance. */
  const queueAct = async (action: string, run: () => Promise<Ticket | null | unknown>): Promise<never> => {
    const clerk = clerkOf();
    const before = (await queue.view().catch(() => null))?.current ?? null;
    const out = await run();
    const t = out && typeof out === 'object' && 'number' in out ? (out as Ticket) : null;
    act(
      `queue.${action}`,
      t?.number ?? before?.number ?? null,
      before ? { ticket: before.number, status: before.status } : null,
      t ? { ticket: t.number, status: t.status } : (out ?? null),
    );
    if (t && (action === 'callNext' || action === 'recall')) void devices.showOnLed(`请${t.number}号到${config.windowNo}号窗口`);
    if (t && action === 'start') records.serviceStarted(t, clerk.workNo);
    if (
      before &&
      (action === 'finish' || action === 'noShow' || action === 'transfer' || action === 'suspend' || action === 'callNext' || action === 'callBack')
    )
      records.serviceFinished(before.id);
    // How each ticket left this window, and how long it had waited: the 日结单 counts them.
    const ended = (
      { finish: 'served', noShow: 'noShow', transfer: 'transferred', suspend: 'suspended', callNext: 'served', callBack: 'served', walkIn: 'served' } as const
    )[action as 'finish'];
    if (before && ended && (action !== 'callNext' || before.status === 'serving')) records.ticketEnded(before.id, ended);
    if (t && (action === 'callNext' || action === 'callBack' || action === 'walkIn')) records.ticketCalled(t, clerk.workNo);
    // The applicant belongs to the ticket being served: a new call, an end or a hand-on forgets the
    // card read for the previous citizen (and zeroes its photo bytes in the card slot).
    if (['callNext', 'callBack', 'finish', 'noShow', 'transfer', 'suspend', 'walkIn'].includes(action)) devices.clearCard();
    if (action === 'pause') void devices.showOnLed('暂停服务');
    return out as never;
  };

  host = createCoreHost(
    {
      'session.get': () => (managerUnlock.current(), session.get()),
      'session.login': async ({ workNo, password, unlock }) => {
        const s = await session.login(workNo, password, unlock);
        audit.append({ workNo, windowNo: config.windowNo, action: s.offlineSignIn ? 'session.loginOffline' : 'session.login', target: workNo });
        // The hall audits the unlock too (event rota.unlock); the counter keeps its own line.
        if (unlock) audit.append({ workNo: unlock.workNo, windowNo: config.windowNo, action: 'session.rotaUnlock', target: workNo });
        if (s.online) {
          healthReporter.report();
          refreshFromHall();
          void hall
            .queue()
            .then((q) => ((hallName = q.hall.name), (hallZone = q.hall.timeZone ?? hallZone)))
            .catch(() => undefined);
          void devices.showOnLed(`${config.windowNo}号窗口 ${s.clerk?.name ?? ''} 为您服务`);
        }
        return s;
      },
      'session.managerUnlock': async ({ workNo, password }) => {
        const clerk = clerkOf();
        try {
          const u = await managerUnlock.unlock(workNo, password);
          audit.append({
            workNo: u.workNo,
            windowNo: config.windowNo,
            action: 'session.managerUnlock',
            target: clerk.workNo,
            after: { manager: u.workNo, until: u.until, online: session.get().online },
          });
        } catch (err) {
          // Failed attempts are kept too (who tried which 工号), never the password.
          if (err instanceof CodedError)
            audit.append({ workNo: clerk.workNo, windowNo: config.windowNo, action: 'session.managerUnlockFailed', target: workNo, after: { code: err.code } });
          throw err;
        }
        return session.get();
      },
      'session.managerLock': () => {
        const was = managerUnlock.lock();
        if (was) act('session.managerLock', was.workNo, { manager: was.workNo, until: was.until }, null);
        return session.get();
      },
      'session.logout': async () => {
        managerUnlock.lock();
        const c = session.get().clerk;
        const s = await session.logout();
        if (c) audit.append({ workNo: c.workNo, windowNo: config.windowNo, action: 'session.logout', target: c.workNo });
        return s;
      },
      'queue.get': () => queue.view(),
      'queue.hall': () => queue.hallSnapshot(),
      'queue.callNext': ({ category, requestId }) => queueAct('callNext', () => queue.callNext(category, requestId)),
      'queue.recall': ({ requestId }) => queueAct('recall', () => queue.act('recall', { requestId })),
      'queue.noShow': ({ requestId }) => queueAct('noShow', () => queue.act('no-show', { requestId })),
      'queue.start': ({ requestId }) => queueAct('start', () => queue.act('start', { requestId })),
      'queue.finish': ({ requestId, outcome }) => queueAct('finish', () => queue.act('finish', { requestId, outcome })),
      'queue.pause': ({ reason, requestId }) => queueAct('pause', () => queue.act('pause', { reason, requestId })),
      'queue.resume': ({ requestId }) => queueAct('resume', () => queue.act('resume', { requestId })),
      'queue.transfer': ({ requestId, category, windowNo, clerkWorkNo, position, reason }) =>
        queueAct('transfer', () => queue.act('transfer', { requestId, category, windowNo, clerkWorkNo, position, reason })),
      'queue.suspend': ({ requestId, reason }) => queueAct('suspend', () => queue.act('suspend', { requestId, reason })),
      'queue.callBack': ({ requestId, ticketId }) => queueAct('callBack', () => queue.act('call-back', { requestId, ticketId })),
      'queue.walkIn': async ({ requestId: given, category }) => {
        const clerk = clerkOf();
        // One request id for the online attempt and, if that times out, the local ticket: the hall
        // maps both to one ticket, and refuses the online one if it arrives after its deadline.
        const requestId = given ?? uuidv7();
        try {
          return await queueAct('walkIn', () => queue.act('walk-in', { requestId, category }));
        } catch (err) {
          if (!(err instanceof CodedError) || err.code !== 'HALL_UNREACHABLE') throw err;
          // Walk-in mode: the hall server is unreachable, so the ticket is local and synced later.
          devices.clearCard();
          const t = records.issueLocalTicket(category ?? 'L', clerk.workNo, requestId);
          act('queue.walkInOffline', t.number, null, { ticket: t.number, category: t.category });
          return t;
        }
      },
      'queue.localTickets': () => records.localTickets(),
      'queue.track': ({ ticketId }) => queue.track(ticketId),
      'queue.leavePhone': async ({ ticketId, phone }) => {
        const clerk = clerkOf();
        const r = await queue.leavePhone(ticketId, phone);
        // The number itself is never logged: only that one was left, masked.
        audit.append({ workNo: clerk.workNo, windowNo: config.windowNo, action: 'queue.leavePhone', target: ticketId, after: { phone: r.phoneMasked } });
        return r;
      },
      'queue.printTrack': async ({ ticketId }) => {
        const clerk = clerkOf();
        const t = await queue.track(ticketId);
        if (!t.trackUrl || !t.number) throw new CodedError('TRACK_NO_URL', '该号暂无跟踪地址，无法打印跟踪凭条', 409);
        const w = receiptWording();
        const r = print.printPlain('ticket', {
          hallName,
          title: w.trackSlipTitle,
          ticketNumber: t.number,
          categoryName: t.categoryName ?? '',
          issuedAt: t.issuedAt ?? new Date().toISOString(),
          timeZone: hallZone,
          queueUrl: t.trackUrl,
          notice: w.trackSlipNotice,
        });
        audit.append({ workNo: clerk.workNo, windowNo: config.windowNo, action: 'queue.printTrack', target: t.number });
        // The clerk hands the slip over now: wait for the printer's answer (its first attempt).
        const job = await print.settled(r.jobId, 8000);
        if (job.state === 'failed') {
          throw new CodedError(
            'TRACK_SLIP_NOT_PRINTED',
            `跟踪凭条未能打印（${job.lastError ?? '打印机无响应'}）。凭条已保存，打印机恢复后自动补打；也可请市民直接扫屏幕上的二维码`,
            503,
            { reason: job.lastError ?? '打印机无响应', jobId: job.id },
          );
        }
        return { ...toRecord(job), label: w.trackSlipTitle };
      },
      'pad.get': () => pad.get(),
      'pad.rate': (input) => (pad.rate(input), { accepted: true as const }),
      'rating.request': async ({ ticketId, caseNo, caseId, serviceName }) => {
        const clerk = clerkOf();
        let no = caseNo;
        let service = serviceName;
        if (caseId) {
          const row = db.prepare('SELECT case_no, item_name, rated FROM cases WHERE case_id = ?').get(caseId) as
            { case_no: string; item_name: string; rated: number } | undefined;
          if (!row) throw new CodedError('CASE_NOT_FOUND', '找不到该办件', 404);
          if (row.rated) throw new CodedError('RATING_DUPLICATE', '该次服务已评价，一次服务只能评价一次', 409);
          no = row.case_no;
          service = service ?? row.item_name;
        }
        const view = await queue.view().catch(() => null);
        const ticketNumber = view?.current && (!ticketId || view.current.id === ticketId) ? view.current.number : null;
        const r = pad.request({ ticketId: ticketId ?? (caseId ? undefined : view?.current?.id), caseNo: no, ticketNumber, serviceName: service });
        if (keyBox && keyBox.status.state === 'ok') {
          // The key box is a second adapter of the same request: whichever answers first is the one rating.
          const reasons = padReasons(reference.reasons()).bad;
          void keyBox
            .request({
              requestId: r.requestId,
              clerk: { name: clerk.name, workNo: clerk.workNo, stars: clerk.stars },
              case: { ticketNumber, serviceName: service ?? null, caseNo: no ?? null },
              timeoutMs: Math.min(config.ratingTimeoutMs, 30_000),
              badReasons: reasons,
            })
            .then((o) => {
              if (o.kind !== 'rated') return;
              ratingChannel = 'keyBox';
              try {
                pad.rate({ requestId: r.requestId, level: o.rating.level, reasonCodes: o.rating.reasonCodes });
              } catch (err) {
                ratingChannel = 'hallTablet';
                logger.warn({ code: (err as CodedError).code }, 'key box rating not taken');
              }
            })
            .catch((err: CodedError) => logger.warn({ code: err.code }, 'key box request failed'));
        }
        audit.append({ workNo: clerk.workNo, windowNo: config.windowNo, action: 'rating.request', target: no ?? ticketNumber ?? null });
        return r;
      },
      'rating.cancel': () => ({ cancelled: pad.cancel() }),
      ...licenceApi.handlers,
      'devices.status': () => devices.list(),
      'devices.card': () => devices.cards.current(),
      'devices.clearCard': () => ({ cleared: devices.clearCard() }),
      'devices.simulateCard': ({ fixture, remove }) => devices.simulateCard(fixture, remove),
      'devices.testPrint': () => {
        const clerk = clerkOf();
        return print.printPlain('ticket', {
          hallName,
          ticketNumber: 'T000',
          categoryName: '打印测试',
          waitingAhead: 0,
          issuedAt: new Date().toISOString(),
          timeZone: hallZone,
          notice: `${config.windowNo}号窗口 ${clerk.workNo} 打印测试`,
        });
      },
      'sync.status': () => sync.status(),
      'sync.deadLetters': ({ includeResolved }) => listDeadLetters(db, includeResolved),
      'sync.resolveDeadLetter': ({ id, note }) => {
        clerkOf();
        const by = managerUnlock.require();
        const resolved = resolveDeadLetter(db, id, note);
        if (resolved) act('sync.resolveDeadLetter', id, null, { note, authorizedBy: by.workNo });
        return { resolved };
      },

      'catalogue.status': () => catalogue.getStatus(),
      'catalogue.refresh': () => catalogue.refresh(),
      'catalogue.search': ({ query, limit }) => catalogue.search(query, limit),
      'catalogue.packages': () => catalogue.packages(),
      'catalogue.packagePlan': ({ code, answers }) => {
        const { package: _p, answers: _a, counterItems: _c, ...view } = catalogue.plan(code, answers);
        return view;
      },
      'catalogue.get': ({ code }) => {
        const i = catalogue.get(code);
        return catalogue.search('', 10_000).find((v) => v.code === i.code)!;
      },

      'cases.intake': async (input) => {
        const clerk = clerkOf();
        const { proxyServiceId, ...rest } = input;
        if (!proxyServiceId) return cases.intake(rest, clerk);
        return acceptUnderProxy(proxyServiceId, input.itemCode, (p) => cases.intake(rest, clerk, p));
      },
      'cases.intakePackage': (input) => cases.intakePackage(input, clerkOf()),
      'cases.accept': async ({ caseId, decision, proxyServiceId }) => {
        const clerk = clerkOf();
        if (!proxyServiceId) return cases.decide(caseId, decision, clerk);
        return acceptUnderProxy(proxyServiceId, loadCaseRow(db, caseId)?.itemCode ?? null, (p) => cases.decide(caseId, decision, clerk, p));
      },
      'proxy.mine': () => (clerkOf(), proxyDesk.mine()),
      'problems.desk': () => problemDesk.isDesk(),
      'problems.record': async (input) => {
        clerkOf();
        const r = await problemDesk.record(input);
        act('problems.record', r.problem.no, null, { printedByHall: r.printedByHall });
        return r;
      },
      'cases.supplement': ({ caseId, materials, complete }) => cases.supplement(caseId, materials, complete, clerkOf()),
      'cases.complete': ({ caseId, ...rest }) => cases.complete(caseId, rest, clerkOf()),
      'cases.handover': ({ caseId, ...rest }) => cases.handover(caseId, rest, clerkOf()),
      'cases.terminate': ({ caseId, ...rest }) => cases.terminate(caseId, rest, clerkOf()),
      'cases.get': ({ caseId }) => (clerkOf(), cases.get(caseId)),
      'cases.mine': ({ scope, limit }) => cases.mine(clerkOf().workNo, scope, limit),
      'cases.search': (q) => {
        const clerk = clerkOf();
        const r = search.search(q);
        // The audit keeps what kind of lookup it was, never the ID number or name searched for.
        act('cases.search', null, null, { by: r.by, results: r.items.length });
        void clerk;
        return r;
      },
      'receipts.reprint': ({ caseId, template }) => {
        clerkOf();
        // 补打: shared templates are marked when rendered again; the 不予受理通知书 and the 一件事受理回执 are laid out again with the mark.
        const refusal = template === 'refusal' ? loadCaseRow(db, caseId) : null;
        const r = print.reprint(
          caseId,
          template,
          refusal
            ? withReprintMark(refusalDoc(refusal, itemOf(refusal.itemCode), receiptContext(clerkOf())))
            : template === 'package-acceptance'
              ? withReprintMark(cases.packageDoc(caseId, clerkOf()))
              : undefined,
        );
        act(
          'receipt.reprint',
          (db.prepare('SELECT case_no FROM cases WHERE case_id = ?').get(caseId) as { case_no: string } | undefined)?.case_no ?? caseId,
          null,
          { template },
        );
        return r;
      },
      'receipts.preview': ({ caseId, template }) => {
        const clerk = clerkOf();
        const row = template === 'refusal' ? loadCaseRow(db, caseId) : null;
        if (template === 'package-acceptance') return print.preview(caseId, template, cases.packageDoc(caseId, clerk));
        return print.preview(caseId, template, row ? refusalDoc(row, itemOf(row.itemCode), receiptContext(clerk)) : undefined);
      },
      'receipts.printDay': () => {
        const clerk = clerkOf();
        const d = records.myDay(clerk.workNo);
        // Every figure from the day's records (issue 13: 过号/转移/超期/平均等候 printed zeros).
        const k = records.dayTickets(clerk.workNo, d.date);
        return print.printPlain('daily-summary', {
          hallName,
          date: d.date,
          clerk: { name: clerk.name, workNo: clerk.workNo },
          windowNo: config.windowNo,
          tickets: { served: k.served, noShow: k.noShow, transferred: k.transferred },
          cases: {
            received: d.cases.received,
            accepted: d.cases.accepted,
            conditionallyAccepted: d.cases.conditionallyAccepted,
            refused: d.cases.refused,
            completed: d.cases.completed,
            missingNotices: d.cases.missingNotices,
            overdue: k.overdueCases,
          },
          avgServiceMinutes: d.meanServiceMinutes,
          avgWaitMinutes: k.avgWaitMinutes,
          ratings: d.ratings,
          printedAt: new Date().toISOString(),
          timeZone: queue.timeZone,
        });
      },
      'myDay.get': ({ date }) => records.myDay(clerkOf().workNo, date),
      'audit.list': ({ limit, beforeId }) => (clerkOf(), audit.list(limit, beforeId)),
    },
    (err, method) => logger.error({ err, method }, 'core handler failed'),
  );

  queue.start();
  proxyDesk.start();
  sync.start();
  devices.start();
  print.start();
  healthReporter.start();
  void print
    .status()
    .then((s) => devices.setPrinterStatus(s))
    .catch(() => undefined);
  logger.info({ windowNo: config.windowNo, deviceId, hallUrl: config.hallUrl }, 'counter core started');
  const retention = startDailyJob(
    (now) => {
      const r = runCounterRetention(db, now, config.retentionDays);
      if (r.shredded || r.printJobs) logger.info(r, 'retention: closed cases shredded, old print jobs purged');
      return r;
    },
    { now: hooks.now, onError: (err) => logger.error({ err }, 'retention job failed') },
  );

  return {
    host,
    config,
    db,
    deviceId,
    refreshCases: (ids) => cases.refresh(ids),
    runRetention: () => retention.runNow() as ReturnType<typeof runCounterRetention> | undefined,
    async close() {
      reference.stop();
      retention.stop();
      proxyDesk.stop();
      queue.stop();
      healthReporter.stop();
      managerUnlock.dispose();
      await sync.stop();
      pad.dispose();
      await devices.close();
      await keyBox?.close().catch(() => undefined);
      await print.close();
      transport.close();
      db.close();
    },
  };
}
