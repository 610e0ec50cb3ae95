// Every central migration, in order. Add a file NNN-what.ts and list it here; never edit one
// that has shipped.
import type { CentralMigration } from '../migrate';
import { migration as m001 } from './001-init';
import { migration as m002 } from './002-city-query-indexes';
import { migration as m003 } from './003-hall-daily';
import { migration as m010 } from './010-personal-data';

export const centralMigrations: readonly CentralMigration[] = [m001, m002, m003, m010];
