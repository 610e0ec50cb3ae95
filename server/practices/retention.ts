// Retention for the practices' applicants (docs/security.md "Retention"): a 办不成事 problem called
// back, or a 代办 service completed, more than `retentionDays` ago has its applicant's data key
// deleted (crypto-shredding, scope problem:<id> / proxy:<id>). The masked forms in the ledger stay
// for statistics; the sealed full applicant can never be read again.
import type { HallStore } from '../db/connection';
import type { FieldSealer } from '../../native/crypto/fieldSealer';
import { toEpochDay } from '../../domain/calendar/dates';
import { serviceDay } from '../../domain/queue/numbering';
import type { ProblemRecord } from '../../domain/practices/problemLedger';
import type { ProxyService } from '../../domain/practices/proxyService';

export function shredExpiredPractices(store: HallStore, sealer: FieldSealer | null | undefined, now: Date, retentionDays: number, timeZone: string) {
  if (!sealer) return { shredded: 0, checked: 0 };
  const today = toEpochDay(serviceDay(now, timeZone));
  const closedOn = (kind: 'problem' | 'proxy', body: string): string | null => {
    try {
      if (kind === 'problem') return (JSON.parse(body) as ProblemRecord).callback?.on ?? null;
      const s = JSON.parse(body) as ProxyService;
      return s.status === 'completed'
        ? (s.milestones
            .map((m) => m.doneOn ?? '')
            .sort()
            .pop() ?? null)
        : null;
    } catch {
      return null;
    }
  };
  // Closed records whose data key is still there.
  const rows = [
    ...(store.raw
      .prepare(
        `SELECT 'problem' AS kind, p.id, p.body FROM problems p JOIN data_keys k ON k.scope = 'problem:' || p.id WHERE p.status = 'calledBack' AND k.wrapped IS NOT NULL`,
      )
      .all() as { kind: 'problem'; id: string; body: string }[]),
    ...(store.raw
      .prepare(
        `SELECT 'proxy' AS kind, s.id, s.body FROM proxy_services s JOIN data_keys k ON k.scope = 'proxy:' || s.id WHERE s.status = 'completed' AND k.wrapped IS NOT NULL`,
      )
      .all() as { kind: 'proxy'; id: string; body: string }[]),
  ];
  let shredded = 0;
  store.tx(() => {
    for (const r of rows) {
      const on = closedOn(r.kind, r.body);
      if (!on || today - toEpochDay(on) <= retentionDays) continue;
      if (sealer.shred(`${r.kind}:${r.id}`)) shredded++;
    }
  });
  return { shredded, checked: rows.length };
}
