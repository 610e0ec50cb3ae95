// The contract handlers of 免提交 (licences.* and pad.consent), kept beside the adapter so the
// core's assembly only spreads them in. The holder comes from the card on the reader or the
// typed applicant (or the company's credit code for a company licence); his ID stays in the core.
import { CodedError } from '../../../domain/api/errors';
import { maskName } from '../../../domain/idNumber';
import { LICENCE_TYPES, licenceLabel, type LicenceType } from '../../../domain/licences';
import type { CoreHandlers } from '../rpc/host';
import type { StaffCard } from '../../../domain/api/hall';
import type { CardSlot } from '../devices/cardSlot';
import type { PadEvaluator } from '../pad/padEvaluator';
import type { IntakeInput, LicenceConsentView } from '../../../domain/contract/core';
import { consentView, type LicenceHolder, type LicenceService } from './licenceService';

type Applicant = IntakeInput['applicant'];
type Handlers = Pick<CoreHandlers, 'licences.requestConsent' | 'licences.redeemCode' | 'licences.consent' | 'licences.fetch' | 'pad.consent'>;

export function licenceHandlers(d: {
  licences: LicenceService;
  pad: PadEvaluator;
  cards: CardSlot;
  clerkOf: () => StaffCard;
  consentMs: number;
  emit: (caseRef: string, consent: LicenceConsentView | null) => void;
}): { handlers: Handlers; onPadConsent: (requestId: string, agree: boolean) => void } {
  const person = (a: Applicant): { name: string; holder: LicenceHolder } => {
    if (a.fromCard) {
      const p = d.cards.person(a.fromCard);
      return { name: p.name, holder: { holderId: p.idNumber, kind: 'person' } };
    }
    if (a.manual) return { name: a.manual.name, holder: { holderId: a.manual.idNumber.trim().toUpperCase(), kind: 'person' } };
    throw new CodedError('APPLICANT_REQUIRED', '请先刷申请人的身份证（或手工录入）再调取电子证照', 400);
  };
  const holderFor = (a: Applicant, type: LicenceType): LicenceHolder => {
    if (LICENCE_TYPES[type].holder === 'company') {
      if (!a.company) throw new CodedError('LICENCE_HOLDER_KIND', `${licenceLabel(type)}按统一社会信用代码调取，请先填写单位信息`, 400);
      return { holderId: a.company.creditCode.trim().toUpperCase(), kind: 'company' };
    }
    return person(a).holder;
  };
  /** Pad questions waiting for the citizen's answer. */
  const pending = new Map<string, { caseRef: string; holder: LicenceHolder; licenceTypes: LicenceType[]; workNo: string }>();

  const onPadConsent = (requestId: string, agree: boolean) => {
    const p = pending.get(requestId);
    if (!p) return;
    pending.delete(requestId);
    const c = d.licences.recordConsent({ caseRef: p.caseRef, holder: p.holder, licenceTypes: p.licenceTypes, via: 'pad', declined: !agree }, p.workNo);
    d.emit(p.caseRef, consentView(c));
  };

  const handlers: Handlers = {
    'licences.requestConsent': ({ caseRef, licenceTypes, applicant, itemName }) => {
      const clerk = d.clerkOf();
      if (!d.licences.enabled) throw new CodedError('LICENCE_SERVICE_NOT_CONFIGURED', '本窗口未接入电子证照服务，请收取纸质材料', 409);
      // One consent names one holder: a company's licences are asked for on their own.
      const kinds = new Set(licenceTypes.map((t) => LICENCE_TYPES[t].holder));
      if (kinds.size > 1) throw new CodedError('LICENCE_HOLDER_KIND', '个人证照与单位证照请分别授权', 400);
      const holder = holderFor(applicant, licenceTypes[0]!);
      const shown = kinds.has('company') ? applicant.company!.name : maskName(person(applicant).name);
      const r = d.pad.requestConsent({
        holderMasked: shown,
        itemName: itemName ?? null,
        licences: licenceTypes.map((t) => ({ licenceType: t, label: licenceLabel(t) })),
        validMinutes: Math.round(d.consentMs / 60_000),
      });
      pending.clear();
      pending.set(r.requestId, { caseRef, holder, licenceTypes, workNo: clerk.workNo });
      return r;
    },
    'pad.consent': ({ requestId, agree }) => {
      d.pad.answerConsent(requestId, agree);
      return { recorded: true as const };
    },
    'licences.redeemCode': async ({ caseRef, code, applicant }) => {
      const clerk = d.clerkOf();
      const c = await d.licences.redeemShowCode({ caseRef, code, holder: person(applicant).holder }, clerk.workNo);
      d.emit(caseRef, consentView(c));
      return consentView(c);
    },
    'licences.consent': ({ caseRef }) => {
      d.clerkOf();
      const c = d.licences.consentFor(caseRef);
      return c ? consentView(c) : null;
    },
    'licences.fetch': ({ caseRef, material, licenceType, applicant }) => {
      const clerk = d.clerkOf();
      return d.licences.fetch({ caseRef, material, licenceType, holder: holderFor(applicant, licenceType) }, clerk.workNo);
    },
  };
  return { handlers, onPadConsent };
}
