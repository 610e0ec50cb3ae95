// A case's progress as the phone shows it: number, item, status, due date, steps. Nothing personal.
import type { TrackCase } from '../../../../domain/api/track';
import { t } from './text';
import { hallFull } from '../../../../domain/calendar/hallClock';

/** "2026-12-07 08:40" in the hall's zone (the phone may be set to any zone). */
const hm = (iso: string) => hallFull(iso).slice(0, 16);

export function CaseBlock({ c }: { c: TrackCase }) {
  return (
    <section className="track-card" data-testid="track-case">
      <h2>{t('caseTitle')}</h2>
      <dl className="track-fields">
        <dt>{t('caseNo')}</dt>
        <dd data-testid="track-case-no">{c.caseNo}</dd>
        {c.itemName && (
          <>
            <dt>{t('item')}</dt>
            <dd>{c.itemName}</dd>
          </>
        )}
        <dt>{t('status')}</dt>
        <dd>{c.statusLabel}</dd>
        {c.dueDate && (
          <>
            <dt>{t('due')}</dt>
            <dd data-testid="track-case-due">{c.dueDate}</dd>
          </>
        )}
      </dl>
      {c.steps.length > 0 && (
        <>
          <h3>{t('steps')}</h3>
          <ol className="track-steps">
            {c.steps.map((s, i) => (
              <li key={i}>
                <span>{s.label}</span>
                <time>{hm(s.at)}</time>
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
