// The counter's 免提交 adapter: records the applicant's consents (pad or 亮证 code), fetches his
// e-licences under them — checking domain/licences/consent.ts before every call, the library
// checking again — keeps each fetched file sealed with its own data key, hands the intake the
// identifiers, and logs every use (licence identifier, case, consent; never the ID number).
import { v7 as uuidv7 } from 'uuid';
import type { Db } from '../db';
import type { AuditLog } from '../audit/auditLog';
import { CodedError } from '../../../domain/api/errors';
import { chinaDateOf } from '../../../domain/calendar';
import { maskIdNumber } from '../../../domain/idNumber';
import {
  LICENCE_TYPES,
  checkConsent,
  consentExpiry,
  currentConsent,
  licenceLabel,
  licenceTypeSchema,
  usableOn,
  type ConsentVia,
  type LicenceConsent,
  type LicenceType,
} from '../../../domain/licences';
import type { MaterialLine } from '../../../domain/cases/events';
import type { FetchedLicenceView, LicenceConsentView } from '../../../domain/contract/core';
import { sealerOf } from '../privacy/atRest';
import { keyedHash } from '../cases/caseStore';
import type { LicenceClient } from './licenceClient';

/** The holder a licence is asked for: resolved by the core from the card or the typed applicant. */
export interface LicenceHolder {
  /** ID number (persons) or 统一社会信用代码 (companies); stays in memory. */
  holderId: string;
  kind: 'person' | 'company';
}

export interface LicenceServiceDeps {
  db: Db;
  windowNo: number;
  client: LicenceClient | null;
  audit: AuditLog;
  /** The keyed-hash key (the case search key): consents name the holder only by this hash. */
  key: Buffer;
  consentMs: number;
  now?: () => Date;
}

interface ConsentRow {
  consent_id: string;
  window_no: number;
  case_ref: string;
  subject_key: string;
  licence_types: string;
  via: ConsentVia;
  granted_at: string;
  expires_at: string;
  declined: number;
}

interface FetchRow {
  fetch_id: string;
  consent_id: string;
  case_ref: string;
  case_id: string | null;
  material: string;
  licence_type: LicenceType;
  licence_id: string;
  fetched_at: string;
}

const toConsent = (r: ConsentRow): LicenceConsent => ({
  consentId: r.consent_id,
  windowNo: r.window_no,
  caseRef: r.case_ref,
  subjectKey: r.subject_key,
  licenceTypes: JSON.parse(r.licence_types) as LicenceType[],
  via: r.via,
  grantedAt: r.granted_at,
  expiresAt: r.expires_at,
  declined: r.declined === 1,
});

export function consentView(c: LicenceConsent): LicenceConsentView {
  return {
    consentId: c.consentId,
    caseRef: c.caseRef,
    via: c.via,
    licenceTypes: c.licenceTypes,
    grantedAt: c.grantedAt,
    expiresAt: c.expiresAt,
    declined: c.declined,
  };
}

function maskNumber(type: LicenceType, n: string): string {
  if (LICENCE_TYPES[type].holder === 'person' && /^[0-9]{17}[0-9X]$/i.test(n)) return maskIdNumber(n);
  return n.length <= 6 ? '****' : `${n.slice(0, 4)}****${n.slice(-2)}`;
}

export class LicenceService {
  constructor(private readonly d: LicenceServiceDeps) {}

  get enabled(): boolean {
    return this.d.client !== null;
  }

  private now(): Date {
    return this.d.now?.() ?? new Date();
  }

  subjectKey(holder: LicenceHolder): string {
    return keyedHash(this.d.key, 'id', holder.holderId);
  }

  private client(): LicenceClient {
    if (!this.d.client) throw new CodedError('LICENCE_SERVICE_NOT_CONFIGURED', '本窗口未接入电子证照服务，请收取纸质材料', 409);
    return this.d.client;
  }

  /** Record a consent (or a refusal) and log it. */
  recordConsent(
    input: { caseRef: string; holder: LicenceHolder; licenceTypes: LicenceType[]; via: ConsentVia; declined: boolean; notAfter?: string },
    workNo: string,
  ): LicenceConsent {
    const now = this.now();
    const c: LicenceConsent = {
      consentId: uuidv7(),
      windowNo: this.d.windowNo,
      caseRef: input.caseRef,
      subjectKey: this.subjectKey(input.holder),
      licenceTypes: [...new Set(input.licenceTypes)],
      via: input.via,
      grantedAt: now.toISOString(),
      expiresAt: consentExpiry(now, { ttlMs: this.d.consentMs, notAfter: input.notAfter }),
      declined: input.declined,
    };
    this.d.db.transaction(() => {
      this.d.db
        .prepare(
          `INSERT INTO licence_consents (consent_id, window_no, case_ref, subject_key, licence_types, via, granted_at, expires_at, declined, work_no)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(c.consentId, c.windowNo, c.caseRef, c.subjectKey, JSON.stringify(c.licenceTypes), c.via, c.grantedAt, c.expiresAt, c.declined ? 1 : 0, workNo);
      this.d.audit.append({
        workNo,
        windowNo: this.d.windowNo,
        action: c.declined ? 'licence.consentDeclined' : 'licence.consent',
        target: c.consentId,
        after: { caseRef: c.caseRef, via: c.via, licenceTypes: c.licenceTypes, expiresAt: c.expiresAt },
      });
    })();
    return c;
  }

  /** The consent in force for an intake (the latest recorded), or null. */
  consentFor(caseRef: string): LicenceConsent | null {
    const rows = this.d.db.prepare('SELECT * FROM licence_consents WHERE case_ref = ? ORDER BY granted_at').all(caseRef) as ConsentRow[];
    return currentConsent(rows.map(toConsent));
  }

  /** 亮证: the code the applicant shows is redeemed at the library; the holder must be this applicant. */
  async redeemShowCode(input: { caseRef: string; code: string; holder: LicenceHolder }, workNo: string): Promise<LicenceConsent> {
    const r = await this.client().redeemShowCode(input.code);
    if (this.subjectKey({ holderId: r.holderId, kind: input.holder.kind }) !== this.subjectKey(input.holder))
      throw new CodedError('LICENCE_CONSENT_OTHER_APPLICANT', '亮证码的持证人与本次申请人不一致', 409);
    const types = r.licenceTypes.filter((t): t is LicenceType => licenceTypeSchema.safeParse(t).success);
    if (!types.length) throw new CodedError('SHOW_CODE_NO_TYPES', '亮证码未授权任何本窗口可用的证照', 409);
    return this.recordConsent(
      { caseRef: input.caseRef, holder: input.holder, licenceTypes: types, via: 'showCode', declined: false, notAfter: r.expiresAt },
      workNo,
    );
  }

  /** Query and fetch one licence for one material, under the intake's consent. */
  async fetch(input: { caseRef: string; material: string; licenceType: LicenceType; holder: LicenceHolder }, workNo: string): Promise<FetchedLicenceView> {
    const want = LICENCE_TYPES[input.licenceType].holder;
    if (want !== input.holder.kind)
      throw new CodedError('LICENCE_HOLDER_KIND', want === 'company' ? '该证照按统一社会信用代码调取，请填写单位信息' : '该证照按申请人身份证号码调取', 400);
    const check = checkConsent(this.consentFor(input.caseRef), {
      windowNo: this.d.windowNo,
      caseRef: input.caseRef,
      subjectKey: this.subjectKey(input.holder),
      licenceType: input.licenceType,
      now: this.now(),
    });
    if (!check.ok) throw new CodedError(check.code, check.message, 403);
    const consent = check.consent;
    const client = this.client();
    const failed = (code: string) =>
      this.d.audit.append({
        workNo,
        windowNo: this.d.windowNo,
        action: 'licence.fetchFailed',
        target: null,
        after: { caseRef: input.caseRef, consentId: consent.consentId, licenceType: input.licenceType, code },
      });
    try {
      const today = chinaDateOf(this.now());
      const list = await client.query(input.holder.holderId, [input.licenceType], consent);
      const usable = list.find((l) => l.licenceType === input.licenceType && usableOn(l, today));
      if (!usable) throw new CodedError('LICENCE_NOT_FOUND', `证照库中没有申请人有效的${licenceLabel(input.licenceType)}，请收取纸质材料`, 404);
      const { metadata, file } = await client.fetchLicence(input.holder.holderId, usable.licenceId, consent);
      const bytes = Buffer.from(file.contentBase64, 'base64');
      const fetchId = uuidv7();
      const fetchedAt = this.now().toISOString();
      const sealer = sealerOf(this.d.db);
      this.d.db.transaction(() => {
        // The file and the metadata (its number may be the ID number) only ever sealed; no sealer, not kept.
        const sealed = sealer ? JSON.stringify(sealer.seal(`licence:${fetchId}`, { doc: { metadata, file } }, ['doc'])) : null;
        this.d.db
          .prepare(
            `INSERT INTO licence_fetches (fetch_id, consent_id, case_ref, material, licence_type, licence_id, sealed, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(fetchId, consent.consentId, input.caseRef, input.material, input.licenceType, metadata.licenceId, sealed, fetchedAt);
        this.d.audit.append({
          workNo,
          windowNo: this.d.windowNo,
          action: 'licence.fetch',
          target: metadata.licenceId,
          after: { caseRef: input.caseRef, consentId: consent.consentId, licenceType: input.licenceType, material: input.material, sha256: file.sha256 },
        });
      })();
      return {
        fetchId,
        material: input.material,
        licenceId: metadata.licenceId,
        licenceType: input.licenceType,
        name: metadata.name,
        numberMasked: maskNumber(input.licenceType, metadata.number),
        issuer: metadata.issuer,
        validFrom: metadata.validFrom,
        validTo: metadata.validTo,
        fetchedAt,
        consentId: consent.consentId,
        mimeType: file.mimeType,
        bytes: bytes.length,
      };
    } catch (err) {
      if (err instanceof CodedError) failed(err.code);
      throw err;
    }
  }

  /**
   * The intake's material lines with their licences: a line naming a fetch must name one made for
   * this intake and this material, else the intake is refused (no 免提交 without a real fetch).
   */
  materialsForIntake(
    caseRef: string,
    lines: readonly { name: string; licenceFetchId?: string; paperFallback?: MaterialLine['paperFallback'] }[],
  ): Map<string, Pick<MaterialLine, 'licence' | 'paperFallback'>> {
    const out = new Map<string, Pick<MaterialLine, 'licence' | 'paperFallback'>>();
    const get = this.d.db.prepare('SELECT * FROM licence_fetches WHERE fetch_id = ?');
    for (const l of lines) {
      if (l.licenceFetchId) {
        const f = get.get(l.licenceFetchId) as FetchRow | undefined;
        if (!f || f.case_ref !== caseRef || f.material !== l.name)
          throw new CodedError('LICENCE_FETCH_UNKNOWN', `“${l.name}”的电子证照调取记录无效，请重新调取或收取纸质材料`, 409);
        out.set(l.name, { licence: { licenceId: f.licence_id, licenceType: f.licence_type, consentId: f.consent_id, fetchedAt: f.fetched_at } });
      } else if (l.paperFallback) out.set(l.name, { paperFallback: l.paperFallback });
    }
    return out;
  }

  /** After the case is written: the fetches belong to it, and each use is logged with the case number. */
  attach(caseRef: string, caseId: string, caseNo: string, workNo: string, licenceIds: readonly string[]): void {
    if (!licenceIds.length) return;
    this.d.db.transaction(() => {
      this.d.db.prepare('UPDATE licence_fetches SET case_id = ? WHERE case_ref = ? AND case_id IS NULL').run(caseId, caseRef);
      const rows = this.d.db.prepare('SELECT licence_id, consent_id, material FROM licence_fetches WHERE case_id = ?').all(caseId) as {
        licence_id: string;
        consent_id: string;
        material: string;
      }[];
      for (const r of rows.filter((x) => licenceIds.includes(x.licence_id)))
        this.d.audit.append({
          workNo,
          windowNo: this.d.windowNo,
          action: 'licence.use',
          target: r.licence_id,
          after: { caseNo, caseId, consentId: r.consent_id, material: r.material },
        });
    })();
  }
}

const DAY = 86_400_000;

/**
 * The fetched files are kept only while the case needs them: shredded once the case is closed,
 * or a day after the fetch when no case was ever made from it (an abandoned intake).
 */
export function shredLicenceDocuments(db: Db, now: Date): number {
  const sealer = sealerOf(db);
  const rows = db
    .prepare(
      `SELECT f.fetch_id FROM licence_fetches f LEFT JOIN cases c ON c.case_id = f.case_id
       WHERE f.shredded_at IS NULL AND ((f.case_id IS NOT NULL AND c.open = 0) OR (f.case_id IS NULL AND f.fetched_at < ?))`,
    )
    .all(new Date(now.getTime() - DAY).toISOString()) as { fetch_id: string }[];
  const mark = db.prepare('UPDATE licence_fetches SET sealed = NULL, shredded_at = ? WHERE fetch_id = ?');
  for (const r of rows) {
    sealer?.shred(`licence:${r.fetch_id}`);
    mark.run(now.toISOString(), r.fetch_id);
  }
  return rows.length;
}
