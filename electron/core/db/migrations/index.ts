// Every migration of the counter's database, in one list: the whole schema is these files.
// To change the schema add a file NNN-what.ts (next free id in your range; never edit or renumber
// one that has shipped), import it here, and keep it additive — counters run mixed versions
// during a rollout, so nothing is dropped or renamed (tests/unit/storage-migrations.test.ts).
// Applied by storage/migrate.ts when electron/core/db.ts opens the database.
import type { Migration, MigrationLedger } from '../../../../storage/migrate';
import m001 from './001-initial';
import m010 from './010-event-log';
import m050 from './050-cases';
import m051 from './051-audit-log';
import m052 from './052-catalogue-cache';
import m053 from './053-case-receipts';
import m054 from './054-counter-records';
import m060 from './060-dead-letter-notes';
import m061 from './061-credential-role';
import m062 from './062-print-jobs';
import m700 from './700-credential-failures';
import m720 from './720-data-keys';
import m730 from './730-window-tickets';
import m731 from './731-case-query-code';
import m790 from './790-package-cache';
import m800 from './800-licence-fetches';
import m810 from './810-reference-cache';
import m820 from './820-rota-ahead';

export const counterMigrations: readonly Migration[] = [
  m001,
  m010,
  m050,
  m051,
  m052,
  m053,
  m054,
  m060,
  m061,
  m062,
  m700,
  m720,
  m730,
  m731,
  m790,
  m800,
  m810,
  m820,
];

/** The counter's record table as the first release wrote it: schema_migrations(version, applied_at ISO). */
export const counterLedger: MigrationLedger = { idColumn: 'version', withName: false, appliedAt: 'iso' };
