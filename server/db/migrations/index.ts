// Every migration of the hall server's database, in one list: the whole schema is these files.
// To change the schema add a file NNN-what.ts (next free id in your range; never edit or renumber
// one that has shipped), import it here, and keep it additive (no DROP/RENAME of a table or
// column: tests/unit/storage-migrations.test.ts fails otherwise). Applied by storage/migrate.ts.
import type { Migration, MigrationLedger } from '../../../storage/migrate';
import m001 from './001-initial';
import m002 from './002-events-by-time';
import m003 from './003-open-ticket-indexes';
import m004 from './004-drop-unused-indexes';
import m005 from './005-open-tickets-by-number';
import m006 from './006-kiosk-printers';
import m007 from './007-window-device-health';
import m008 from './008-appointments';
import m009 from './009-followups';
import m601 from './601-sync-events';
import m750 from './750-tracking';
import m770 from './770-practices';
import m780 from './780-duty-rota';
import m602 from './602-sync-dirty';
import m700 from './700-signin-throttle';
import m710 from './710-trust-identity';
import m720 from './720-data-keys';
import m740 from './740-uplink-outbox';
import m790 from './790-service-packages';
import m805 from './805-ratings-by-ticket';
import m810 from './810-rating-reason-lists';
import m815 from './815-uplink-personal';

export const hallMigrations: readonly Migration[] = [
  m001,
  m002,
  m003,
  m004,
  m005,
  m006,
  m007,
  m008,
  m009,
  m601,
  m602,
  m700,
  m710,
  m720,
  m740,
  m750,
  m770,
  m780,
  m790,
  m805,
  m810,
  m815,
];

/** The hall's record table as the first release wrote it: schema_migrations(id, name, applied_at ms). */
export const hallLedger: MigrationLedger = { idColumn: 'id', withName: true, appliedAt: 'epochMs' };
