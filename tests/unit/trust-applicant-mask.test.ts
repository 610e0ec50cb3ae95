// The applicant as another window's counter receives it: masked with the domain's helpers, and
// the 收件 event still parses (a masked ID has no check digit) and projects on the counter.
import { describe, expect, it } from 'vitest';
import { v7 as uuidv7 } from 'uuid';
import { createCaseEvent, maskApplicantForWire, parseCaseEvent, projectCase, applicantSchema } from '../../domain/cases';
import { caseDrafts } from '../support/syncCases';

describe('maskApplicantForWire', () => {
  const applicant = {
    name: '张小三',
    idType: 'residentId' as const,
    idNumber: '11010519491231002X',
    phone: '13812345678',
    agent: { name: '李四', idType: 'residentId' as const, idNumber: '440524188001010014' },
  };

  it('masks name, ID, phone and the agent, and marks it', () => {
    const m = maskApplicantForWire(applicant);
    expect(m).toMatchObject({ name: '张*三', idNumber: '110105********002X', phone: '138****5678', masked: true });
    expect(m.agent).toMatchObject({ name: '李*', idNumber: '440524********0014', masked: true });
    expect(JSON.stringify(m)).not.toContain('19491231');
  });

  it('a masked 收件 still parses and projects; an unmasked bad ID is still refused', () => {
    const caseId = uuidv7();
    const d = caseDrafts(caseId, 1, 1, 1)[0]!;
    const e = createCaseEvent({ ...d, deviceId: 'W1', seq: 1, at: new Date().toISOString() } as never);
    const masked = { ...e, payload: { ...(e.payload as object), applicant: maskApplicantForWire((e.payload as { applicant: typeof applicant }).applicant) } };
    const p = parseCaseEvent(masked);
    expect(p.status).toBe('ok');
    const row = projectCase([p.status === 'ok' ? p.event : (masked as never)]);
    expect(row.applicantMasked?.idNumber).toContain('*');
    expect(applicantSchema.safeParse({ ...applicant, idNumber: '110105********002X' }).success).toBe(false);
  });
});
