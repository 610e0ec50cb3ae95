// Case search planning and the projection table's privacy: every query shape uses its index,
// names and ID numbers are found by keyed hash without being stored in clear.
import { describe, expect, it } from 'vitest';
import { openCounterDb } from '../../electron/core/db';
import { keyedHash, searchKey } from '../../electron/core/cases/caseStore';
import { CaseSearch } from '../../electron/core/search/caseSearch';
import { AuditLog } from '../../electron/core/audit/auditLog';
import { toCounterItem } from '../../electron/core/catalogue/catalogueService';
import { demoCatalogue } from '../../server/seed/catalogue';

function seeded() {
  const db = openCounterDb(':memory:');
  const key = searchKey(db);
  const ins =
    db.prepare(`INSERT INTO cases (case_id, case_no, item_code, item_name, status, status_label, case_type, received_at, received_on, accepted_on, completed_on,
    due_date, days_left_at_stop, overdue_days, supply_deadline, outstanding, clerk_work_no, window_no, name_masked, id_masked, id_tail, id_hash, name_hash, rated, open, updated_at)
    VALUES (?, ?, 'X', '事项', 'accepted', '已受理', 'committed', ?, ?, ?, NULL, ?, NULL, NULL, NULL, 0, 'C001', 1, ?, ?, ?, ?, ?, 0, 1, ?)`);
  const rows = [
    ['c1', '510104202611240010001', '11010519491231002X', '李四', '2026-11-24'],
    ['c2', '510104202611240010002', '440524188001010014', '王五', '2026-11-24'],
    ['c3', '510104202611230010001', '11010519491231002X', '李四', '2026-11-23'],
  ] as const;
  for (const [id, no, idNo, name, day] of rows) {
    ins.run(
      id,
      no,
      `${day}T02:00:00.000Z`,
      day,
      day,
      '2026-12-01',
      name[0] + '*',
      idNo.slice(0, 6) + '********' + idNo.slice(-4),
      idNo.slice(-4),
      keyedHash(key, 'id', idNo),
      keyedHash(key, 'name', name),
      `${day}T02:00:00.000Z`,
    );
  }
  return { db, search: new CaseSearch(db, 2, () => new Date('2026-11-24T04:00:00Z')) };
}

describe('case search', () => {
  it('routes each query shape to its index', () => {
    const { db, search } = seeded();
    const cases: [string, string, string][] = [
      ['510104202611240010001', 'caseNo', 'sqlite_autoindex_cases_2'],
      ['11010519491231002x', 'idNumber', 'cases_id_hash'],
      ['110105********002X', 'idMasked', 'cases_id_masked'],
      ['002X', 'idTail', 'cases_id_tail'],
      ['李四', 'name', 'cases_name_hash'],
      ['2026-11-24', 'date', 'cases_received'],
    ];
    for (const [q, by, index] of cases) {
      const p = search.plan({ query: q, limit: 10 });
      expect(p.by).toBe(by);
      const plan = db.prepare(`EXPLAIN QUERY PLAN ${p.sql}`).all(...p.params) as { detail: string }[];
      expect(plan.map((r) => r.detail).join(' | ')).toContain(index);
    }
  });

  it('finds by full ID (any case of x), masked ID, name and date; prefix finds a day', () => {
    const { search } = seeded();
    expect(
      search
        .search({ query: '11010519491231002x', limit: 10 })
        .items.map((i) => i.caseId)
        .sort(),
    ).toEqual(['c1', 'c3']);
    expect(search.search({ query: '110105********002X', limit: 10 }).items).toHaveLength(2);
    expect(search.search({ query: '王五', limit: 10 }).items.map((i) => i.caseId)).toEqual(['c2']);
    expect(search.search({ query: '2026-11-23', limit: 10 }).items.map((i) => i.caseId)).toEqual(['c3']);
    expect(search.search({ query: '51010420261124', limit: 10 }).items).toHaveLength(2);
    expect(search.search({ query: '', dateFrom: '2026-11-23', dateTo: '2026-11-24', limit: 10 }).items).toHaveLength(3);
  });

  it('says clearly what it cannot search', () => {
    const { search } = seeded();
    expect(() => search.search({ query: '', limit: 10 })).toThrow(/请输入/);
    expect(() => search.search({ query: '12ab!', limit: 10 })).toThrow(/无法识别/);
  });

  it('keyed hashes depend on the per-counter key', () => {
    const a = openCounterDb(':memory:');
    const b = openCounterDb(':memory:');
    expect(keyedHash(searchKey(a), 'id', '11010519491231002X')).not.toBe(keyedHash(searchKey(b), 'id', '11010519491231002X'));
    expect(keyedHash(searchKey(a), 'id', '11010519491231002x')).toBe(keyedHash(searchKey(a), 'id', '11010519491231002X'));
  });
});

describe('audit log', () => {
  it('appends and refuses UPDATE and DELETE at the database level', () => {
    const db = openCounterDb(':memory:');
    const log = new AuditLog(db, 'dev-1');
    log.append({ workNo: 'C001', windowNo: 1, action: 'case.accept', target: '510104202611240010001', before: null, after: { status: 'accepted' } });
    expect(log.list(10)).toHaveLength(1);
    expect(() => db.prepare(`UPDATE audit_log SET work_no = 'X'`).run()).toThrow(/AUDIT_IMMUTABLE/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/AUDIT_IMMUTABLE/);
    expect(db.prepare(`SELECT COUNT(*) AS n FROM events WHERE stream = 'audit'`).get()).toEqual({ n: 1 });
  });
});

describe('catalogue mapping', () => {
  it('maps every hall-server demo item onto the domain item schema', () => {
    const items = demoCatalogue.map(toCounterItem);
    expect(items.every((i) => i !== null)).toBe(true);
    const esf = items.find((i) => i?.name === '二手房转移登记')!;
    expect(esf.caseType).toBe('committed');
    expect(esf.promisedDays).toBe(3);
    expect(esf.materials.find((m) => m.name === '契税完税凭证')?.mayBeWaived).toBe(true);
    expect(esf.materials.find((m) => m.name === '买卖双方身份证明')?.originalOrCopy).toBe('both');
    expect(toCounterItem({ code: 'x', name: '' })).toBeNull();
  });
});
