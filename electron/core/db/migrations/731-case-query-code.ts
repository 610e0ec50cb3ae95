// The receipt's 查询码 (domain/cases queryCodeOf: the case number's last 8 digits) looked up at
// 查询 (electron/core/search/caseSearch.ts): an expression index, the query uses the same expression.
import type { Migration } from '../../../../storage/migrate';

export default {
  id: 731,
  name: 'cases by query code',
  sql: `CREATE INDEX cases_query_code ON cases(substr(case_no, -8), received_at);`,
} satisfies Migration;
