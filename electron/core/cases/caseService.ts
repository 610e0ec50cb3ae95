// Case intake and follow-up at the counter. Every decision becomes case events appended with
// the device's seq (sync/eventLog), and in the SAME transaction: the case-number serial, the
// projection row, the audit entry and the idempotency key. The projection is the judge of what
// may happen: an event the state machine would not apply rolls the whole transaction back with
// its Chinese message. Receipts are queued right after the commit.
import { randomBytes } from 'node:crypto';
import type { Db } from '../db';
import { appendCaseEvents, type CaseEventDraft } from '../sync/eventLog';
import { CodedError } from '../../../domain/api/errors';
import {
  CaseEventError,
  checkTransition,
  dueDateFor,
  formatCaseNo,
  newCaseId,
  planForCommitment,
  redactForClerk,
  type Applicant,
  type CaseRow,
} from '../../../domain/cases';
import { addWorkingDays, chinaDateOf, type CivilDate } from '../../../domain/calendar';
import { checkIdNumber, maskIdNumber } from '../../../domain/idNumber';
import { checkCreditCode } from '../../../domain/creditCode';
import type {
  CaseDetail,
  CasePackageView,
  CaseResult,
  Decision,
  IntakeInput,
  PackageIntakeInput,
  PackageResult,
  ReceiptRecord,
  ReceiptProxy,
} from '../../../domain/contract/core';
import { packageReceiptDoc } from '../receipts/packageReceipt';
import type { StaffCard } from '../../../domain/api/hall';
import type { CatalogueService, CounterItem } from '../catalogue/catalogueService';
import type { CardSlot } from '../devices/cardSlot';
import type { AuditLog } from '../audit/auditLog';
import type { PrintService } from '../receipts/printService';
import { acceptanceData, conditionalData, missingMaterialsData, refusalDoc, type ReceiptContext } from '../receipts/receiptBuilder';
import { NOT_COMPETENT } from '../../../domain/receipts/wording';
import { counterCalendar } from '../catalogue/referenceService';
import { keyedHash, loadCaseRow, nextCaseSerial, refreshCaseRow, searchKey, toListEntry, LIST_COLUMNS, type CaseTableRow } from './caseStore';
import { logger } from '../logger';
import type { LicenceService } from '../licences/licenceService';
import type { MaterialLine } from '../../../domain/cases/events';

export interface CaseServiceDeps {
  db: Db;
  deviceId: string;
  windowNo: number;
  hallCode: string;
  deviceCode: string;
  dueSoonDays: number;
  catalogue: CatalogueService;
  cards: CardSlot;
  audit: AuditLog;
  print: PrintService;
  receiptContext: (clerk: StaffCard) => ReceiptContext;
  onChange: (caseId: string) => void;
  /** Forget the card data (and tell the UI). */
  clearCard: () => void;
  /** 免提交: fetched e-licences that satisfy materials (absent: no licence service at this window). */
  licences?: LicenceService;
  now?: () => Date;
}

type Drafts = CaseEventDraft[];
type ManualPerson = { name: string; idType?: Applicant['idType']; idNumber: string };

/** Default 补正 deadline when the clerk gives none: 10 working days (the notice states it). */
const DEFAULT_SUPPLY_WORKING_DAYS = 10;

export class CaseService {
  private readonly key: Buffer;
  constructor(private readonly d: CaseServiceDeps) {
    this.key = searchKey(d.db);
  }

  private now(): Date {
    return this.d.now?.() ?? new Date();
  }

  today(): CivilDate {
    return chinaDateOf(this.now());
  }

  private actor(clerk: StaffCard) {
    return { workNo: clerk.workNo, windowNo: this.d.windowNo };
  }

  private person(src: { fromCard?: string; manual?: ManualPerson } | undefined, who: string): { name: string; idType: Applicant['idType']; idNumber: string } {
    if (src?.fromCard) return this.d.cards.person(src.fromCard);
    if (!src?.manual) throw new CodedError('APPLICANT_REQUIRED', `请刷${who}的身份证，或手工录入${who}的姓名和证件号码`, 400);
    const m = src.manual;
    const idType = m.idType ?? 'residentId';
    if (idType === 'residentId') {
      const c = checkIdNumber(m.idNumber);
      if (!c.ok) throw new CodedError('ID_NUMBER_INVALID', `${who}身份证号码有误：${(c as { message?: string }).message ?? '校验位不正确'}`, 400);
    }
    return { name: m.name.trim(), idType, idNumber: m.idNumber.trim().toUpperCase() };
  }

  private applicant(input: IntakeInput['applicant']): Applicant {
    const main = this.person(input, '申请人');
    const agent = input.agent ? this.person(input.agent, '代理人') : undefined;
    if (input.company) {
      const c = checkCreditCode(input.company.creditCode);
      if (!c.ok) throw new CodedError('CREDIT_CODE_INVALID', `统一社会信用代码有误：${c.message ?? '校验位不正确'}`, 400);
    }
    return { ...main, ...(input.phone ? { phone: input.phone } : {}), ...(agent ? { agent } : {}), ...(input.company ? { company: input.company } : {}) };
  }

  /** Events of a decision on a case in 收件 state, checked against the item's rules. */
  private decisionDrafts(
    caseId: string,
    clerk: StaffCard,
    item: CounterItem,
    materials: { name: string; received: boolean }[],
    decision: Decision,
    caseNo: string,
  ): { drafts: Drafts; supplyBy?: string } {
    const actor = this.actor(clerk);
    const today = this.today();
    const got = new Set(materials.filter((m) => m.received).map((m) => m.name));
    const missingRequired = item.materials.filter((m) => m.required && !got.has(m.name));
    const plan = item.commitment
      ? planForCommitment(item.commitment, item.promisedDays)
      : { caseType: item.caseType, promisedDays: item.promisedDays, sameDay: false };
    const base = {
      caseType: plan.caseType,
      ...(item.commitment ? { commitment: item.commitment } : {}),
      promisedDays: plan.promisedDays,
      sameDay: plan.sameDay,
    };
    const due = () => {
      const r = dueDateFor(plan, today, { calendar: counterCalendar(this.d.db) });
      return { date: plan.caseType === 'immediate' ? null : r.date, warnings: r.warnings };
    };
    switch (decision.kind) {
      case 'accept': {
        if (missingRequired.length > 0) {
          throw new CodedError(
            'MATERIALS_INCOMPLETE',
            `以下必需材料尚未收取：${missingRequired.map((m) => m.name).join('、')}。请选择“容缺受理”或“一次性告知”`,
            409,
            { missing: missingRequired.map((m) => m.name) },
          );
        }
        const drafts: Drafts = [{ caseId, kind: 'accepted', actor, payload: { ...base, dueDate: due().date, acceptanceDocNo: `SL${caseNo}` } }];
        if (plan.caseType === 'immediate' && (decision.completeNow ?? true))
          drafts.push({ caseId, kind: 'completed', actor, payload: { result: 'approved', mailed: false } });
        return { drafts };
      }
      case 'conditional': {
        if (plan.caseType === 'immediate') throw new CodedError('CONDITIONAL_NOT_FOR_IMMEDIATE', '即办件当场办结，不适用容缺受理；请收齐材料或一次性告知', 409);
        if (!decision.commitmentSigned) throw new CodedError('COMMITMENT_NOT_SIGNED', '容缺受理须由申请人签署《容缺受理承诺书》', 400);
        const waivable = new Set(item.materials.filter((m) => m.mayBeWaived).map((m) => m.name));
        const notWaivable = decision.waived.filter((n) => !waivable.has(n));
        if (notWaivable.length) throw new CodedError('MATERIAL_NOT_WAIVABLE', `以下材料不允许容缺：${notWaivable.join('、')}`, 400);
        const stillMissing = missingRequired.filter((m) => !decision.waived.includes(m.name));
        if (stillMissing.length)
          throw new CodedError('MATERIALS_INCOMPLETE', `除容缺材料外，以下必需材料仍未收取：${stillMissing.map((m) => m.name).join('、')}`, 409);
        const d = due();
        if (decision.supplyDeadline < today) throw new CodedError('SUPPLY_DEADLINE_PAST', '容缺材料补交期限不能早于今天', 400);
        if (d.date !== null && decision.supplyDeadline > d.date) {
          throw new CodedError('SUPPLY_DEADLINE_AFTER_DUE', `容缺材料补交期限（${decision.supplyDeadline}）不能晚于承诺办结日期（${d.date}）`, 400, {
            dueDate: d.date,
          });
        }
        return {
          drafts: [
            {
              caseId,
              kind: 'conditionallyAccepted',
              actor,
              payload: {
                ...base,
                dueDate: d.date,
                acceptanceDocNo: `SL${caseNo}`,
                waivedMaterials: decision.waived,
                supplyDeadline: decision.supplyDeadline,
                commitmentSigned: true,
                commitmentDocNo: `CN${caseNo}`,
              },
            },
          ],
        };
      }
      case 'missing': {
        // 一次性告知: the FULL list — every required material not received is on it, plus what the clerk marked.
        const listed = new Map(decision.items.map((i) => [i.name, { name: i.name, problem: i.problem ?? 'missing', requirement: i.requirement ?? '' }]));
        for (const m of missingRequired) if (!listed.has(m.name)) listed.set(m.name, { name: m.name, problem: 'missing', requirement: m.requirement });
        const byName = new Map(item.materials.map((m) => [m.name, m]));
        const items = [...listed.values()].map((i) => ({ ...i, requirement: i.requirement || byName.get(i.name)?.requirement || '请按要求提供' }));
        const supplyBy = decision.supplyBy ?? addWorkingDays(today, DEFAULT_SUPPLY_WORKING_DAYS, { calendar: counterCalendar(this.d.db) }).date!;
        if (supplyBy < today) throw new CodedError('SUPPLY_DEADLINE_PAST', '补正期限不能早于今天', 400);
        return { drafts: [{ caseId, kind: 'materialsRequested', actor, payload: { items, noticeNo: `GZ${caseNo}`, supplyBy } }], supplyBy };
      }
      case 'refuse':
        // 行政许可法 §32(1)(二): refusing as 不属于本机关职权范围 must tell the applicant where to apply.
        if (decision.reasonCode === NOT_COMPETENT && !decision.competentAuthority?.trim()) {
          throw new CodedError('CASE_COMPETENT_AUTHORITY_REQUIRED', '以“不属于本机关职权范围”不予受理的，须写明应向哪个行政机关申请', 400);
        }
        return {
          drafts: [
            {
              caseId,
              kind: 'refused',
              actor,
              payload: {
                reason: decision.reason,
                ...(decision.reasonCode ? { reasonCode: decision.reasonCode } : {}),
                noticeNo: `BY${caseNo}`,
                ...(decision.competentAuthority ? { competentAuthority: decision.competentAuthority.trim() } : {}),
              },
            },
          ],
        };
    }
  }

  /** Append drafts + projection + audit atomically; roll back if the projection refuses any of them. */
  private commit(caseId: string, drafts: Drafts, audit: { clerk: StaffCard; action: string; before: unknown; extra?: () => void }): CaseRow {
    let row: CaseRow | null = null;
    const tx = this.d.db.transaction(() => {
      audit.extra?.();
      appendCaseEvents(
        this.d.db,
        this.d.deviceId,
        drafts,
        (events) => {
          row = refreshCaseRow(this.d.db, this.key, caseId);
          const ids = new Set(events.map((e) => e.id));
          const conflict = row?.conflicts.find((c) => ids.has(c.eventId));
          if (conflict) throw new CodedError(conflict.code, conflict.message, 409);
        },
        () => this.now(),
      );
      const r = row as CaseRow | null;
      this.d.audit.append({
        workNo: audit.clerk.workNo,
        windowNo: this.d.windowNo,
        action: audit.action,
        target: r?.caseNo ?? caseId,
        before: audit.before,
        after: r ? { status: r.status, dueDate: r.dueDate, events: drafts.map((x) => x.kind) } : null,
      });
    });
    try {
      tx();
    } catch (err) {
      if (err instanceof CaseEventError) throw new CodedError(err.code, err.message, 400, { issues: err.issues });
      throw err;
    }
    this.d.onChange(caseId);
    return row!;
  }

  private printFor(row: CaseRow, clerk: StaffCard, item: CounterItem | null, supplyBy?: string, proxy?: ReceiptProxy): ReceiptRecord[] {
    const ctx = this.d.receiptContext(clerk);
    const out: ReceiptRecord[] = [];
    try {
      if (row.status === 'supplementing' && row.missingMaterials.length) {
        out.push(
          this.d.print.printForCase(row.caseId, 'missing-materials', missingMaterialsData(row, item, ctx, supplyBy ?? this.supplyByOf(row) ?? this.today())),
        );
      } else if (row.status === 'refused') {
        out.push(this.d.print.printDocForCase(row.caseId, 'refusal', refusalDoc(row, item, ctx), { caseNo: row.caseNo }));
      } else if (row.acceptedAt) {
        const data = acceptanceData(row, item, ctx);
        out.push(this.d.print.printForCase(row.caseId, 'acceptance', proxy ? { ...data, proxy } : data));
        if (row.conditional) out.push(this.d.print.printForCase(row.caseId, 'conditional-acceptance', conditionalData(row, item, ctx)));
      }
    } catch (err) {
      logger.error({ code: (err as CodedError).code, caseNo: row.caseNo }, 'receipt not queued');
      throw new CodedError((err as CodedError).code ?? 'RECEIPT_FAILED', `办件已保存（${row.caseNo}），但票据未能生成：${(err as Error).message}`, 500);
    }
    return out;
  }

  private supplyByOf(row: CaseRow): string | null {
    const ev = this.d.db
      .prepare(`SELECT payload FROM events WHERE stream = 'case' AND stream_id = ? AND kind = 'materialsRequested' ORDER BY seq DESC LIMIT 1`)
      .get(row.caseId) as { payload: string } | undefined;
    return ev ? ((JSON.parse(ev.payload) as { supplyBy?: string }).supplyBy ?? null) : null;
  }

  private result(row: CaseRow, printed: ReceiptRecord[]): CaseResult {
    return {
      caseId: row.caseId,
      caseNo: row.caseNo!,
      status: row.status,
      statusLabel: row.statusLabel,
      dueDate: row.dueDate,
      warnings: row.warnings.map((w) => ({ code: w.code, message: w.message })),
      printed,
    };
  }

  private itemOf(row: CaseRow): CounterItem | null {
    try {
      return this.d.catalogue.get(row.itemCode ?? '');
    } catch {
      return null;
    }
  }

  /** proxy: the 代办 service the case is accepted under (resolved by the caller from the hall), printed on the 受理回执. */
  intake(input: IntakeInput, clerk: StaffCard, proxy?: ReceiptProxy): CaseResult {
    const prior = this.d.db.prepare('SELECT case_id FROM intake_requests WHERE request_id = ?').get(input.requestId) as { case_id: string } | undefined;
    if (prior) {
      const row = loadCaseRow(this.d.db, prior.case_id)!;
      return this.result(row, this.d.print.forCase(row.caseId));
    }
    const item = this.d.catalogue.get(input.itemCode);
    const applicant = this.applicant(input.applicant);
    const known = new Set(item.materials.map((m) => m.name));
    if (!this.d.licences && input.materials.some((m) => m.licenceFetchId))
      throw new CodedError('LICENCE_SERVICE_NOT_CONFIGURED', '本窗口未接入电子证照服务，请收取纸质材料', 409);
    // 免提交: a material satisfied by a fetched licence is received as 'electronic' with its identifier.
    const viaLicence =
      this.d.licences?.materialsForIntake(input.requestId, input.materials) ?? new Map<string, Pick<MaterialLine, 'licence' | 'paperFallback'>>();
    const materials: MaterialLine[] = [
      ...item.materials.map((m) => {
        const given = input.materials.find((x) => x.name === m.name);
        const lic = viaLicence.get(m.name);
        if (lic?.licence) return { name: m.name, received: true, originalOrCopy: 'electronic' as const, count: 1, licence: lic.licence };
        return {
          name: m.name,
          received: given?.received ?? false,
          originalOrCopy: given?.originalOrCopy ?? m.originalOrCopy,
          count: given?.count ?? m.count,
          ...(lic?.paperFallback ? { paperFallback: lic.paperFallback } : {}),
        };
      }),
      ...input.materials
        .filter((x) => !known.has(x.name))
        .map((x) => ({ name: x.name, received: x.received, originalOrCopy: x.originalOrCopy, count: x.count })),
    ];
    const caseId = newCaseId();
    // The receipt's QR token (/c/<token>, /r/<token>): random, so a printed receipt cannot be
    // walked to its neighbours the way the sequential case number could.
    const trackToken = randomBytes(16).toString('base64url');
    const today = this.today();
    let caseNo = '';
    const actor = this.actor(clerk);
    const build = (): Drafts => {
      const received: CaseEventDraft = {
        caseId,
        kind: 'received',
        actor,
        payload: {
          caseNo,
          itemCode: item.code,
          itemName: item.name,
          applicant,
          materials,
          ...(input.ticketId ? { ticketId: input.ticketId } : {}),
          trackToken,
          channel: 'window',
        },
      };
      return [received, ...this.decisionDrafts(caseId, clerk, item, materials, input.decision, caseNo).drafts];
    };
    // Validate the decision before taking a serial (a refused decision must not burn a number).
    caseNo = formatCaseNo({ hallCode: this.d.hallCode, date: today, deviceCode: this.d.deviceCode, serial: 1 });
    const { supplyBy } = this.decisionDrafts(caseId, clerk, item, materials, input.decision, caseNo);
    let drafts: Drafts = [];
    const row = this.commit(caseId, drafts, {
      clerk,
      action: `case.${input.decision.kind}`,
      before: null,
      extra: () => {
        caseNo = formatCaseNo({ hallCode: this.d.hallCode, date: today, deviceCode: this.d.deviceCode, serial: nextCaseSerial(this.d.db, today) });
        drafts.push(...build());
        this.d.db.prepare('INSERT INTO intake_requests (request_id, case_id, at) VALUES (?, ?, ?)').run(input.requestId, caseId, this.now().toISOString());
      },
    });
    drafts = [];
    const used = materials.flatMap((m) => (m.licence ? [m.licence.licenceId] : []));
    this.d.licences?.attach(input.requestId, caseId, row.caseNo!, clerk.workNo, used);
    // The card data was used: forget it (the photo and full number live only for the current case).
    if (input.applicant.fromCard || input.applicant.agent?.fromCard) this.d.clearCard();
    return this.result(row, this.printFor(row, clerk, item, supplyBy, proxy));
  }

  /**
   * 一件事一次办: one application for a package. One package case (packageReceived) and one
   * sub-case per chosen item (received naming the package + that item's own decision events),
   * all in ONE transaction; one 受理回执 for the package. 容缺 and 一次性告知 are decided on the
   * merged materials list and handed to each sub-case for the materials it uses.
   */
  intakePackage(input: PackageIntakeInput, clerk: StaffCard): PackageResult {
    const prior = this.d.db.prepare('SELECT case_id FROM intake_requests WHERE request_id = ?').get(input.requestId) as { case_id: string } | undefined;
    if (prior) return this.packageResult(loadCaseRow(this.d.db, prior.case_id)!, this.d.print.forCase(prior.case_id));
    const plan = this.d.catalogue.plan(input.packageCode, input.answers ?? {});
    const applicant = this.applicant(input.applicant);
    const known = new Set(plan.materials.map((m) => m.name));
    const unknown = input.materials.filter((m) => !known.has(m.name)).map((m) => m.name);
    if (unknown.length) throw new CodedError('PACKAGE_MATERIAL_UNKNOWN', `一件事材料清单中没有：${unknown.join('、')}`, 400);
    const got = new Set(input.materials.filter((m) => m.received).map((m) => m.name));
    const missingRequired = plan.materials.filter((m) => m.required && !got.has(m.name));
    const d = input.decision;
    if (d.kind === 'accept' && missingRequired.length)
      throw new CodedError(
        'MATERIALS_INCOMPLETE',
        `以下必需材料尚未收取：${missingRequired.map((m) => m.name).join('、')}。请选择“容缺受理”或“一次性告知”`,
        409,
        { missing: missingRequired.map((m) => m.name) },
      );
    if (d.kind === 'conditional') {
      const notWaivable = d.waived.filter((n) => !plan.materials.some((m) => m.name === n && m.mayBeWaived));
      if (notWaivable.length) throw new CodedError('MATERIAL_NOT_WAIVABLE', `以下材料不允许容缺：${notWaivable.join('、')}`, 400);
      const stillMissing = missingRequired.filter((m) => !d.waived.includes(m.name));
      if (stillMissing.length)
        throw new CodedError('MATERIALS_INCOMPLETE', `除容缺材料外，以下必需材料仍未收取：${stillMissing.map((m) => m.name).join('、')}`, 409);
    }
    if (d.kind === 'missing' && missingRequired.length === 0)
      throw new CodedError('PACKAGE_NOTHING_MISSING', '一套材料已收齐，无需一次性告知，请直接受理', 409);
    // Each sub-case's own decision, on the materials it uses.
    const subDecision = (item: CounterItem): Decision => {
      const names = new Set(item.materials.map((m) => m.name));
      if (d.kind === 'conditional') {
        const waived = d.waived.filter((n) => names.has(n));
        return waived.length ? { kind: 'conditional', waived, supplyDeadline: d.supplyDeadline, commitmentSigned: d.commitmentSigned } : { kind: 'accept' };
      }
      if (d.kind === 'missing') {
        const items = missingRequired.filter((m) => names.has(m.name)).map((m) => ({ name: m.name, problem: 'missing' as const, requirement: m.requirement }));
        return items.length ? { kind: 'missing', items, ...(d.supplyBy ? { supplyBy: d.supplyBy } : {}) } : { kind: 'accept' };
      }
      return { kind: 'accept' };
    };
    const today = this.today();
    const actor = this.actor(clerk);
    const pkgId = newCaseId();
    const subs = plan.counterItems.map((item) => ({
      item,
      caseId: newCaseId(),
      decision: subDecision(item),
      materials: item.materials.map((m) => ({ name: m.name, received: got.has(m.name), originalOrCopy: m.originalOrCopy, count: m.count })),
    }));
    const numberOf = (serial: number) => formatCaseNo({ hallCode: this.d.hallCode, date: today, deviceCode: this.d.deviceCode, serial });
    // Validate every sub-case's decision before taking serials (a refused decision must not burn numbers).
    for (const s of subs) {
      try {
        this.decisionDrafts(s.caseId, clerk, s.item, s.materials, s.decision, numberOf(1));
      } catch (err) {
        if (err instanceof CodedError) throw new CodedError(err.code, `${s.item.name}：${err.message}`, err.status, err.details);
        throw err;
      }
    }
    const trackToken = randomBytes(16).toString('base64url');
    const ids = [pkgId, ...subs.map((s) => s.caseId)];
    let rows: CaseRow[] = [];
    const tx = this.d.db.transaction(() => {
      const pkgNo = numberOf(nextCaseSerial(this.d.db, today));
      const numbered = subs.map((s) => ({ ...s, caseNo: numberOf(nextCaseSerial(this.d.db, today)) }));
      const ref = { caseId: pkgId, caseNo: pkgNo, code: plan.code, name: plan.name };
      const drafts: Drafts = [
        {
          caseId: pkgId,
          kind: 'packageReceived',
          actor,
          payload: {
            caseNo: pkgNo,
            packageCode: plan.code,
            packageName: plan.name,
            applicant,
            answers: plan.package.questions.map((q) => ({ question: q.text, answer: plan.answers[q.id] ?? q.defaultAnswer })),
            subCases: numbered.map((s) => ({
              caseId: s.caseId,
              caseNo: s.caseNo,
              itemCode: s.item.code,
              itemName: s.item.name,
              department: s.item.department ?? null,
              promisedDays: s.item.promisedDays,
              caseType: s.item.caseType,
            })),
            materials: plan.materials.map((m) => ({
              name: m.name,
              received: got.has(m.name),
              originalOrCopy: m.originalOrCopy,
              count: m.count,
              usedBy: m.usedBy.map((u) => u.code),
            })),
            ...(input.ticketId ? { ticketId: input.ticketId } : {}),
            trackToken,
          },
        },
      ];
      for (const s of numbered) {
        drafts.push({
          caseId: s.caseId,
          kind: 'received',
          actor,
          payload: { caseNo: s.caseNo, itemCode: s.item.code, itemName: s.item.name, applicant, materials: s.materials, channel: 'window', package: ref },
        });
        drafts.push(...this.decisionDrafts(s.caseId, clerk, s.item, s.materials, s.decision, s.caseNo).drafts);
      }
      appendCaseEvents(
        this.d.db,
        this.d.deviceId,
        drafts,
        (events) => {
          const evIds = new Set(events.map((e) => e.id));
          // Sub-cases first: each refresh also refreshes the package row.
          for (const id of ids.slice(1)) refreshCaseRow(this.d.db, this.key, id);
          rows = ids.map((id) => loadCaseRow(this.d.db, id)!);
          refreshCaseRow(this.d.db, this.key, pkgId);
          const conflict = rows.flatMap((r) => r.conflicts).find((c) => evIds.has(c.eventId));
          if (conflict) throw new CodedError(conflict.code, conflict.message, 409);
        },
        () => this.now(),
      );
      this.d.db.prepare('INSERT INTO intake_requests (request_id, case_id, at) VALUES (?, ?, ?)').run(input.requestId, pkgId, this.now().toISOString());
      this.d.audit.append({
        workNo: clerk.workNo,
        windowNo: this.d.windowNo,
        action: `package.${d.kind}`,
        target: pkgNo,
        before: null,
        after: { package: plan.code, subCases: numbered.map((s) => s.caseNo), status: rows[0]?.status ?? null },
      });
    });
    try {
      tx();
    } catch (err) {
      if (err instanceof CaseEventError) throw new CodedError(err.code, err.message, 400, { issues: err.issues });
      throw err;
    }
    for (const id of ids) this.d.onChange(id);
    if (input.applicant.fromCard || input.applicant.agent?.fromCard) this.d.clearCard();
    const [pkg, ...subRows] = rows;
    return this.packageResult(pkg!, this.printForPackage(pkg!, subRows, clerk, d));
  }

  private printForPackage(pkg: CaseRow, subs: CaseRow[], clerk: StaffCard, d: PackageIntakeInput['decision']): ReceiptRecord[] {
    const ctx = this.d.receiptContext(clerk);
    const departments = Object.fromEntries(pkg.packageInfo!.subCases.map((s) => [s.caseId, s.department]));
    const out: ReceiptRecord[] = [];
    try {
      if (subs.some((s) => s.acceptedAt !== null)) {
        const doc = packageReceiptDoc(pkg, subs, departments, ctx);
        out.push(this.d.print.printDocForCase(pkg.caseId, 'package-acceptance', doc, { caseNo: pkg.caseNo, subCases: subs.map((s) => s.caseNo) }));
      }
      // 一次性告知 and 容缺 for the package as a whole: one notice each, on the package case.
      if (d.kind === 'missing' && pkg.missingMaterials.length)
        out.push(this.d.print.printForCase(pkg.caseId, 'missing-materials', missingMaterialsData(pkg, null, ctx, this.supplyByOfAny(subs) ?? this.today())));
      if (d.kind === 'conditional') {
        const dues = subs.filter((s) => s.conditional).map((s) => s.printedDueDate!);
        const view = {
          ...pkg,
          conditional: { waivedMaterials: d.waived, outstanding: d.waived, supplyDeadline: d.supplyDeadline },
          printedDueDate: dues.sort()[0] ?? pkg.dueDate,
        };
        out.push(this.d.print.printForCase(pkg.caseId, 'conditional-acceptance', conditionalData(view, null, ctx)));
      }
    } catch (err) {
      logger.error({ code: (err as CodedError).code, caseNo: pkg.caseNo }, 'package receipt not queued');
      throw new CodedError((err as CodedError).code ?? 'RECEIPT_FAILED', `一件事已保存（${pkg.caseNo}），但票据未能生成：${(err as Error).message}`, 500);
    }
    return out;
  }

  /** The 一件事受理回执 laid out again (reprint / preview) from the package and its sub-cases now. */
  packageDoc(caseId: string, clerk: StaffCard) {
    const pkg = this.existing(caseId);
    if (!pkg.packageInfo) throw new CodedError('RECEIPT_NOT_PRINTED', '该办件不是一件事，没有一件事受理回执', 404);
    const subs = pkg.packageInfo.subCases.map((s) => loadCaseRow(this.d.db, s.caseId)).filter((r): r is CaseRow => r !== null);
    const departments = Object.fromEntries(pkg.packageInfo.subCases.map((s) => [s.caseId, s.department]));
    return packageReceiptDoc(pkg, subs, departments, this.d.receiptContext(clerk));
  }

  private supplyByOfAny(rows: CaseRow[]): string | null {
    for (const r of rows) {
      const s = this.supplyByOf(r);
      if (s) return s;
    }
    return null;
  }

  private packageResult(pkg: CaseRow, printed: ReceiptRecord[]): PackageResult {
    const view = this.packageView(pkg)!;
    return { ...this.result(pkg, printed), subCases: view.subCases };
  }

  /** The package a case is or belongs to, with every sub-case's status and due date. */
  private packageView(row: CaseRow): CasePackageView | null {
    const pkg = row.packageInfo ? row : row.partOf ? loadCaseRow(this.d.db, row.partOf.caseId) : null;
    if (!pkg?.packageInfo) return null;
    return {
      caseId: pkg.caseId,
      caseNo: pkg.caseNo!,
      name: pkg.packageInfo.name,
      statusLabel: pkg.statusLabel,
      dueDate: pkg.dueDate,
      subCases: pkg.packageInfo.subCases.map((s) => {
        const r = loadCaseRow(this.d.db, s.caseId);
        return {
          caseId: s.caseId,
          caseNo: s.caseNo,
          itemName: s.itemName,
          department: s.department,
          promisedDays: s.promisedDays,
          status: r?.status ?? 'none',
          statusLabel: r?.statusLabel ?? '尚未同步',
          dueDate: r?.dueDate ?? null,
        };
      }),
    };
  }

  private existing(caseId: string): CaseRow {
    const row = loadCaseRow(this.d.db, caseId);
    if (!row || row.status === 'none') throw new CodedError('CASE_NOT_FOUND', '找不到该办件', 404);
    return row;
  }

  /** A decision on a case that is back in 收件 (after 补齐补正). */
  decide(caseId: string, decision: Decision, clerk: StaffCard, proxy?: ReceiptProxy): CaseResult {
    const before = this.existing(caseId);
    const item = this.d.catalogue.get(before.itemCode ?? '');
    const { drafts, supplyBy } = this.decisionDrafts(caseId, clerk, item, before.materials, decision, before.caseNo!);
    const row = this.commit(caseId, drafts, { clerk, action: `case.${decision.kind}`, before: { status: before.status } });
    return this.result(row, this.printFor(row, clerk, item, supplyBy, proxy));
  }

  supplement(caseId: string, materials: string[], complete: boolean, clerk: StaffCard): CaseResult {
    const before = this.existing(caseId);
    const row = this.commit(caseId, [{ caseId, kind: 'materialsSupplemented', actor: this.actor(clerk), payload: { materials, complete } }], {
      clerk,
      action: 'case.supplement',
      before: { status: before.status },
    });
    return this.result(row, []);
  }

  complete(caseId: string, input: { result: 'approved' | 'denied' | 'other'; licenceNo?: string; resultText?: string }, clerk: StaffCard): CaseResult {
    const before = this.existing(caseId);
    const row = this.commit(
      caseId,
      [
        {
          caseId,
          kind: 'completed',
          actor: this.actor(clerk),
          payload: {
            result: input.result,
            ...(input.licenceNo ? { licenceNo: input.licenceNo } : {}),
            ...(input.resultText ? { resultText: input.resultText } : {}),
            mailed: false,
          },
        },
      ],
      { clerk, action: 'case.complete', before: { status: before.status } },
    );
    return this.result(row, []);
  }

  handover(caseId: string, input: { method: 'window' | 'mail' | 'electronic'; trackingNo?: string; carrier?: string }, clerk: StaffCard): CaseResult {
    const before = this.existing(caseId);
    const row = this.commit(
      caseId,
      [
        {
          caseId,
          kind: 'handedOver',
          actor: this.actor(clerk),
          payload: {
            method: input.method,
            ...(input.trackingNo ? { trackingNo: input.trackingNo } : {}),
            ...(input.carrier ? { carrier: input.carrier } : {}),
          },
        },
      ],
      { clerk, action: 'case.handover', before: { status: before.status } },
    );
    return this.result(row, []);
  }

  /** 终止办理 with a reason (容缺 materials not supplied in time …); the state machine decides whether it may. */
  terminate(caseId: string, input: { reasonCode: 'waivedNotSupplied' | 'other'; reason: string }, clerk: StaffCard): CaseResult {
    const before = this.existing(caseId);
    const row = this.commit(
      caseId,
      [{ caseId, kind: 'terminated', actor: this.actor(clerk), payload: { reasonCode: input.reasonCode, reason: input.reason } }],
      { clerk, action: 'case.terminate', before: { status: before.status } },
    );
    return this.result(row, []);
  }

  /** Re-project cases whose events arrived through sync (back-office steps). */
  refresh(caseIds: readonly string[]): void {
    const tx = this.d.db.transaction(() => {
      for (const id of caseIds) refreshCaseRow(this.d.db, this.key, id);
    });
    tx();
    for (const id of caseIds) this.d.onChange(id);
  }

  get(caseId: string): CaseDetail {
    const row = this.existing(caseId);
    const t = this.d.db.prepare(`SELECT ${LIST_COLUMNS} FROM cases WHERE case_id = ?`).get(caseId) as CaseTableRow | undefined;
    if (!t) throw new CodedError('CASE_NOT_FOUND', '找不到该办件', 404);
    const entry = toListEntry(t, this.today(), this.d.dueSoonDays, counterCalendar(this.d.db));
    const red = redactForClerk(row);
    const origins = new Map(
      (
        this.d.db.prepare(`SELECT id, origin, server_version FROM events WHERE stream = 'case' AND stream_id = ?`).all(caseId) as {
          id: string;
          origin: string;
          server_version: number | null;
        }[]
      ).map((r) => [r.id, r]),
    );
    return {
      ...entry,
      itemCode: row.itemCode ?? '',
      promisedDays: row.promisedDays,
      printedDueDate: row.printedDueDate,
      clockStopped: row.clockStopped,
      workingDaysLeftAtStop: row.workingDaysLeftAtStop,
      materials: row.materials,
      missingMaterials: row.missingMaterials,
      conditional: row.conditional,
      refusal: row.refusal ? { reason: row.refusal.reason } : null,
      handover: row.handover,
      timeline: row.timeline.map((e) => ({
        eventId: e.eventId,
        kind: e.kind,
        label: e.label,
        at: e.at,
        actor: e.actor,
        summary: e.summary,
        outcome: e.outcome,
        synced: origins.get(e.eventId)?.server_version != null,
        remote: origins.get(e.eventId)?.origin === 'remote',
      })),
      warnings: red.warnings.map((w) => ({ code: w.code, message: w.message })),
      allowed: this.allowedActions(row),
      blocked: this.blockedActions(row),
      termination: row.termination,
      package: (() => {
        const v = this.packageView(row);
        return v ? { ...v, role: row.packageInfo ? ('package' as const) : ('subCase' as const) } : null;
      })(),
      receipts: this.d.print.forCase(caseId),
      agentName: row.applicantMasked?.agentName ?? null,
      companyName: row.applicantMasked?.companyName ?? null,
      phoneMasked: row.applicantMasked?.phone ?? null,
    };
  }

  private allowedActions(row: CaseRow): string[] {
    // A package case is acted on through its sub-cases.
    if (row.packageInfo) return [];
    const s = row.status;
    const out: string[] = [];
    if (s === 'received') out.push('accept', 'conditional', 'missing', 'refuse');
    if (s === 'supplementing' || (row.conditional && row.conditional.outstanding.length > 0 && (s === 'accepted' || s === 'processing')))
      out.push('supplement');
    if (s === 'supplementing') out.push('refuse');
    // The domain's state machine says whether 办结 / 出件 may happen (容缺 materials owed: not yet).
    if ((s === 'accepted' || s === 'processing') && checkTransition(row.machine, 'completed').ok) out.push('complete');
    if (s === 'completed' && checkTransition(row.machine, 'handedOver').ok) out.push('handover');
    if (row.conditional && row.conditional.outstanding.length > 0 && checkTransition(row.machine, 'terminated').ok) out.push('terminate');
    return out;
  }

  private blockedActions(row: CaseRow): { action: string; code: string; message: string }[] {
    const out: { action: string; code: string; message: string }[] = [];
    if (row.packageInfo) return out;
    const s = row.status;
    const probe = (action: string, kind: 'completed' | 'handedOver') => {
      const c = checkTransition(row.machine, kind);
      if (!c.ok) out.push({ action, code: c.code, message: c.message });
    };
    if (s === 'accepted' || s === 'processing') probe('complete', 'completed');
    if (s === 'completed') probe('handover', 'handedOver');
    return out;
  }

  mine(workNo: string, scope: 'open' | 'today' | 'all', limit: number) {
    const today = this.today();
    const calendar = counterCalendar(this.d.db);
    const sql =
      scope === 'open'
        ? `SELECT ${LIST_COLUMNS} FROM cases WHERE clerk_work_no = ? AND open = 1 ORDER BY due_date IS NULL, due_date, received_at LIMIT ?`
        : scope === 'today'
          ? `SELECT ${LIST_COLUMNS} FROM cases WHERE clerk_work_no = ? AND received_on = '${today}' ORDER BY received_at DESC LIMIT ?`
          : `SELECT ${LIST_COLUMNS} FROM cases WHERE clerk_work_no = ? ORDER BY received_at DESC LIMIT ?`;
    return (this.d.db.prepare(sql).all(workNo, limit) as CaseTableRow[]).map((r) => toListEntry(r, today, this.d.dueSoonDays, calendar));
  }

  /** For the audit trail: masked identity of a case's applicant. */
  maskedId(idNumber: string): string {
    return maskIdNumber(idNumber);
  }

  hashOf(kind: 'id' | 'name', value: string): string {
    return keyedHash(this.key, kind, value);
  }
}
