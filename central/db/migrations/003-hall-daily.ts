// The daily per-hall rollup the city KPIs read (central/db/dailyRollup.ts says what each column
// counts and how it is kept equal to the facts). hall_id first in the key, as every table; the
// key is also the range the KPI query walks per hall. Existing data is rolled up here once.
import { ALL_DAYS, DAILY_REFRESH_BODY } from '../dailyRollup';
import type { CentralMigration } from '../migrate';

export const migration: CentralMigration = {
  id: 3,
  name: 'hall-daily',
  sql: `
CREATE TABLE hall_daily (
  hall_id text NOT NULL,
  day text NOT NULL,
  cases integer NOT NULL,
  completed integer NOT NULL,
  on_time integer NOT NULL,
  ratings integer NOT NULL,
  good integer NOT NULL,
  bad integer NOT NULL,
  fu_total integer NOT NULL,
  fu_closed integer NOT NULL,
  fu_on_time integer NOT NULL,
  tickets integer NOT NULL,
  called integer NOT NULL,
  no_show integer NOT NULL,
  wait_sum bigint NOT NULL,
  wait_n integer NOT NULL,
  wait_hist jsonb NOT NULL,
  PRIMARY KEY (hall_id, day)
);
WITH d AS (${ALL_DAYS}), ${DAILY_REFRESH_BODY};
`,
};
