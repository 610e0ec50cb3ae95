// The city's personal-data routes (supervisor only, both audited at the central):
//   PUT  /api/city/halls/:hallId/personal-data {receive}        receive this hall's applicants in clear, or stop (and erase)
//   POST /api/city/halls/:hallId/cases/:caseId/applicant {reason}  one case's applicant in clear
//   GET  /api/city/audit?hall=&limit=                              the central's audit trail (both of the above)
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { z } from 'zod';
import {
  cityAuditQuerySchema,
  openApplicantRequestSchema,
  personalDataRequestSchema,
  type OpenApplicantResponse,
  type PersonalDataResponse,
} from '../../domain/api/city';
import type { CentralDB } from '../db/schema';
import { listCityAudit } from '../city/audit';
import { CE } from '../errors';
import type { CentralPersonalData } from './applicants';

const ID = /^[0-9A-Za-z_.:-]{1,64}$/;

function parse<T extends z.ZodType>(schema: T, value: unknown, err: (d: unknown) => Error = CE.invalidBody): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw err(r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  return r.data;
}

export function registerPersonalRoutes(
  app: FastifyInstance,
  deps: { db: Kysely<CentralDB>; personal: CentralPersonalData; supervisor: (req: FastifyRequest) => Promise<{ workNo: string }> },
): void {
  app.put<{ Params: { hallId: string } }>('/api/city/halls/:hallId/personal-data', async (req): Promise<PersonalDataResponse> => {
    const a = await deps.supervisor(req);
    const b = parse(personalDataRequestSchema, req.body);
    if (!ID.test(req.params.hallId)) throw CE.unknownHall();
    return deps.personal.setReceive(req.params.hallId, b.receive, a.workNo);
  });
  app.post<{ Params: { hallId: string; caseId: string } }>('/api/city/halls/:hallId/cases/:caseId/applicant', async (req): Promise<OpenApplicantResponse> => {
    const a = await deps.supervisor(req);
    const b = parse(openApplicantRequestSchema, req.body);
    if (!ID.test(req.params.hallId)) throw CE.unknownHall();
    if (!ID.test(req.params.caseId)) throw CE.applicantNotHeld();
    return deps.personal.open(req.params.hallId, req.params.caseId, b.reason, a.workNo);
  });
  app.get('/api/city/audit', async (req) => {
    await deps.supervisor(req);
    const q = parse(cityAuditQuerySchema, req.query, CE.invalidQuery);
    return { entries: await listCityAudit(deps.db, q) };
  });
}
