// The hand-written fast path of parseCaseEvent (events.ts): the same output as the zod schemas for
// the events a hall and the central see by the million (object shapes built directly, no zod
// machinery per field), and `null` — "ask zod" — for anything unusual: a kind it does not cover,
// a value it is unsure of, an explicit `undefined`. It never rejects; zod words every rejection,
// so nothing zod refuses can pass here. tests/unit/case-event-fast-path.test.ts runs both over
// generated and mutated events of every kind and requires the same result (values and key order)
// or a decline. The enums, patterns and nested schemas come from events.ts (one definition); the
// length and range limits are the schemas' own, and that test fuzzes them at their boundaries.
import { checkIdNumber } from '../idNumber';
import { checkCreditCode } from '../creditCode';
import { isCivilDate } from '../calendar/dates';
import type { CaseEvent } from './events';

/** What the fast path takes from events.ts (passed in: events.ts calls this, so no import cycle). */
export interface FastPathParts {
  isInstant: (v: string) => boolean;
  trackToken: RegExp;
  /** A material line's `licence` (rare: handed to its zod schema as is). */
  licence: { safeParse: (v: unknown) => { success: true; data: unknown } | { success: false } };
  enums: {
    idType: readonly string[];
    originalOrCopy: readonly string[];
    paperFallback: readonly string[];
    channel: readonly string[];
    caseType: readonly string[];
    commitment: readonly string[];
    problem: readonly string[];
    outcome: readonly string[];
    procedure: readonly string[];
    result: readonly string[];
    method: readonly string[];
    ratingLevel: readonly string[];
    terminatedReason: readonly string[];
  };
}

type O = Record<string, unknown>;

/** Thrown inside the fast path only (a constant: no stack captured); parse() turns it into null. */
const DECLINE = { decline: true };
function no(): never {
  throw DECLINE;
}

const obj = (v: unknown): O => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as O) : no());
/** z.array(item): a new array, every index read (a hole is `undefined` to the item's check, not skipped as .map would). */
function arr<T>(v: unknown, item: (x: unknown) => T): T[] {
  if (!Array.isArray(v)) no();
  const out: T[] = new Array<T>(v.length);
  for (let i = 0; i < v.length; i++) out[i] = item(v[i]);
  return out;
}
const str = (v: unknown, min: number, max: number): string => (typeof v === 'string' && v.length >= min && v.length <= max ? v : no());
/** z.string().trim().min().max(): limits apply to the trimmed value, which is the output. */
const trimmed = (v: unknown, min: number, max: number): string => {
  if (typeof v !== 'string') no();
  const t = v.trim();
  return t.length >= min && t.length <= max ? t : no();
};
const int = (v: unknown, min: number, max: number): number => (Number.isSafeInteger(v) && (v as number) >= min && (v as number) <= max ? (v as number) : no());
const bool = (v: unknown): boolean => (typeof v === 'boolean' ? v : no());
const oneOf = (set: ReadonlySet<string>, v: unknown): string => (typeof v === 'string' && set.has(v) ? v : no());
const civilDate = (v: unknown): string => (typeof v === 'string' && isCivilDate(v) ? v : no());
/** An optional key: true when absent. Present but `undefined` is zod's corner (key kept): declined. */
const absent = (o: O, k: string): boolean => {
  if (o[k] !== undefined) return false;
  if (k in o) no();
  return true;
};

export function caseEventFastPath(parts: FastPathParts): (raw: unknown, serverVersion?: number) => CaseEvent | null {
  const e = Object.fromEntries(Object.entries(parts.enums).map(([k, v]) => [k, new Set(v)])) as Record<keyof FastPathParts['enums'], Set<string>>;
  const instant = (v: unknown): string => (typeof v === 'string' && parts.isInstant(v) ? v : no());

  function person(v: unknown): O {
    const p = obj(v);
    const out: O = { name: trimmed(p.name, 1, 50), idType: oneOf(e.idType, p.idType), idNumber: trimmed(p.idNumber, 1, 32) };
    if (!absent(p, 'phone')) out.phone = trimmed(p.phone, 0, 20);
    if (!absent(p, 'masked')) out.masked = p.masked === true ? true : no();
    if (out.idType === 'residentId' && !out.masked && !checkIdNumber(out.idNumber as string).ok) no();
    return out;
  }

  function applicant(v: unknown): O {
    const a = person(v);
    const raw = v as O;
    if (!absent(raw, 'agent')) a.agent = person(raw.agent);
    if (!absent(raw, 'company')) {
      const c = obj(raw.company);
      const company = { name: trimmed(c.name, 1, 100), creditCode: trimmed(c.creditCode, 0, 18) };
      if (!checkCreditCode(company.creditCode).ok) no();
      a.company = company;
    }
    return a;
  }

  function material(v: unknown): O {
    const m = obj(v);
    const out: O = { name: str(m.name, 1, 200), received: bool(m.received) };
    if (!absent(m, 'originalOrCopy')) out.originalOrCopy = oneOf(e.originalOrCopy, m.originalOrCopy);
    if (!absent(m, 'count')) out.count = int(m.count, 0, 999);
    if (!absent(m, 'licence')) {
      const l = parts.licence.safeParse(m.licence);
      out.licence = l.success ? l.data : no();
    }
    if (!absent(m, 'paperFallback')) out.paperFallback = oneOf(e.paperFallback, m.paperFallback);
    return out;
  }

  /** The fields `accepted` and `conditionallyAccepted` share, in schema order. */
  function acceptance(p: O): O {
    const out: O = { caseType: oneOf(e.caseType, p.caseType) };
    if (!absent(p, 'commitment')) out.commitment = oneOf(e.commitment, p.commitment);
    out.promisedDays = int(p.promisedDays, 0, 3650);
    if (!absent(p, 'sameDay')) out.sameDay = bool(p.sameDay);
    out.dueDate = p.dueDate === null ? null : civilDate(p.dueDate);
    if (!absent(p, 'acceptanceDocNo')) out.acceptanceDocNo = str(p.acceptanceDocNo, 0, 64);
    return out;
  }

  const optStr = (p: O, out: O, k: string, max: number): void => {
    if (!absent(p, k)) out[k] = str(p[k], 0, max);
  };

  const payloads: Partial<Record<string, (p: O) => O>> = {
    received(p) {
      const out: O = {
        caseNo: trimmed(p.caseNo, 1, 50),
        itemCode: str(p.itemCode, 1, 64),
        itemName: str(p.itemName, 1, 200),
        applicant: applicant(p.applicant),
      };
      out.materials = absent(p, 'materials') ? [] : arr(p.materials, material);
      optStr(p, out, 'ticketId', 64);
      if (!absent(p, 'trackToken')) out.trackToken = typeof p.trackToken === 'string' && parts.trackToken.test(p.trackToken) ? p.trackToken : no();
      out.channel = absent(p, 'channel') ? 'window' : oneOf(e.channel, p.channel);
      if (!absent(p, 'package')) {
        const r = obj(p.package);
        out.package = { caseId: str(r.caseId, 8, 64), caseNo: trimmed(r.caseNo, 1, 50), code: str(r.code, 1, 32), name: str(r.name, 1, 100) };
      }
      return out;
    },
    accepted: acceptance,
    conditionallyAccepted(p) {
      const out = acceptance(p);
      out.waivedMaterials = arr(p.waivedMaterials, (m) => str(m, 1, 200));
      if ((out.waivedMaterials as string[]).length < 1) no();
      out.supplyDeadline = civilDate(p.supplyDeadline);
      out.commitmentSigned = p.commitmentSigned === true ? true : no();
      optStr(p, out, 'commitmentDocNo', 64);
      if (out.dueDate !== null && (out.supplyDeadline as string) > (out.dueDate as string)) no();
      return out;
    },
    materialsRequested(p) {
      const items = arr(p.items, (v) => {
        const i = obj(v);
        return { name: str(i.name, 1, 200), problem: oneOf(e.problem, i.problem), requirement: str(i.requirement, 0, 500) };
      });
      if (items.length < 1) no();
      const out: O = { items };
      optStr(p, out, 'noticeNo', 64);
      if (!absent(p, 'supplyBy')) out.supplyBy = civilDate(p.supplyBy);
      return out;
    },
    materialsSupplemented(p) {
      const materials = arr(p.materials, (m) => str(m, 1, 200));
      if (materials.length < 1) no();
      return { materials, complete: bool(p.complete) };
    },
    refused(p) {
      const out: O = {};
      optStr(p, out, 'reasonCode', 32);
      out.reason = trimmed(p.reason, 1, 500);
      optStr(p, out, 'noticeNo', 64);
      if (!absent(p, 'competentAuthority')) out.competentAuthority = trimmed(p.competentAuthority, 1, 100);
      return out;
    },
    processingStep(p) {
      const h = obj(p.handler);
      const handler: O = { workNo: str(h.workNo, 1, 32) };
      optStr(h, handler, 'name', 50);
      const out: O = { step: str(p.step, 1, 50), outcome: oneOf(e.outcome, p.outcome), handler };
      out.opinion = absent(p, 'opinion') ? '' : str(p.opinion, 0, 1000);
      if (!absent(p, 'startedAt')) out.startedAt = instant(p.startedAt);
      return out;
    },
    suspended: (p) => ({ procedure: oneOf(e.procedure, p.procedure), reason: trimmed(p.reason, 1, 500) }),
    resumed(p) {
      const out: O = {};
      optStr(p, out, 'note', 500);
      return out;
    },
    completed(p) {
      const out: O = { result: oneOf(e.result, p.result) };
      optStr(p, out, 'resultText', 500);
      optStr(p, out, 'licenceNo', 64);
      out.mailed = absent(p, 'mailed') ? false : bool(p.mailed);
      return out;
    },
    handedOver(p) {
      const out: O = { method: oneOf(e.method, p.method) };
      if (!absent(p, 'trackingNo')) out.trackingNo = trimmed(p.trackingNo, 0, 64);
      optStr(p, out, 'carrier', 50);
      if (out.method === 'mail' && !out.trackingNo) no();
      return out;
    },
    evaluated(p) {
      const out: O = { ratingId: str(p.ratingId, 8, 64), level: oneOf(e.ratingLevel, p.level) };
      out.ratingCount = absent(p, 'ratingCount') ? 1 : p.ratingCount === 1 || p.ratingCount === 2 ? p.ratingCount : no();
      out.reasonCodes = absent(p, 'reasonCodes') ? [] : arr(p.reasonCodes, (c) => (typeof c === 'string' ? c : no()));
      if (!absent(p, 'reasonListVersion')) out.reasonListVersion = typeof p.reasonListVersion === 'string' ? p.reasonListVersion : no();
      optStr(p, out, 'channel', 32);
      return out;
    },
    withdrawn: (p) => ({ reason: trimmed(p.reason, 1, 500) }),
    terminated: (p) => ({
      reasonCode: absent(p, 'reasonCode') ? 'other' : oneOf(e.terminatedReason, p.reasonCode),
      reason: trimmed(p.reason, 1, 500),
    }),
    // packageReceived: rare (one per 一件事 application) — zod.
  };

  /** The event as parseCaseEvent would return it; `serverVersion` overrides the event's own (the uplink body carries it). */
  return function fast(raw: unknown, serverVersion?: number): CaseEvent | null {
    try {
      const r = obj(raw);
      const payloadOf = typeof r.kind === 'string' && Object.prototype.hasOwnProperty.call(payloads, r.kind) ? payloads[r.kind]! : no();
      const a = obj(r.actor);
      const actor = { workNo: str(a.workNo, 1, 32), windowNo: a.windowNo === null ? null : int(a.windowNo, -Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) };
      const out: O = {
        id: str(r.id, 8, 64),
        caseId: str(r.caseId, 8, 64),
        deviceId: str(r.deviceId, 1, 64),
        seq: int(r.seq, 1, Number.MAX_SAFE_INTEGER),
        kind: r.kind,
        at: instant(r.at),
        actor,
        payload: payloadOf(obj(r.payload)),
        schemaVersion: int(r.schemaVersion, 1, Number.MAX_SAFE_INTEGER),
      };
      const sv = serverVersion === undefined ? (absent(r, 'serverVersion') ? undefined : r.serverVersion) : serverVersion;
      if (sv !== undefined) out.serverVersion = int(sv, 1, Number.MAX_SAFE_INTEGER);
      return out as CaseEvent;
    } catch (x) {
      if (x === DECLINE) return null;
      throw x;
    }
  };
}
