// What the city console (#/city in the renderer) needs beyond the city API: 差评 follow-ups
// overdue across halls, the KPI table as XLSX, and the renderer itself (served like the hall
// serves it, so the console and the API share an origin).
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { kpiQuerySchema, type Kpi } from '../../domain/api/city';
import type { CentralDB } from '../db/schema';
import { CE } from '../errors';
import { kpis, todayInChina } from './queries';

interface ConsoleDeps {
  db: Kysely<CentralDB>;
  now: () => number;
  supervisor: (req: FastifyRequest) => Promise<unknown>;
  rendererDir?: string;
}

const pct = (v: number | null) => (v === null ? '' : Math.round(v * 1000) / 10);
const KPI_COLUMNS: { key: keyof Kpi; header: string; fmt?: (v: number | null) => unknown }[] = [
  { key: 'cases', header: '办件量' },
  { key: 'completed', header: '办结量' },
  { key: 'onTimeRate', header: '按期办结率(%)', fmt: pct },
  { key: 'ratings', header: '评价数' },
  { key: 'goodRate', header: '好评率(%)', fmt: pct },
  { key: 'badCount', header: '差评数' },
  { key: 'followUpOnTimeRate', header: '差评整改按期率(%)', fmt: pct },
  { key: 'tickets', header: '取号量' },
  { key: 'avgWaitMinutes', header: '平均等候(分)', fmt: (v) => (v === null ? '' : Math.round(v * 10) / 10) },
  { key: 'p90WaitMinutes', header: '等候P90(分)', fmt: (v) => (v === null ? '' : Math.round(v * 10) / 10) },
  { key: 'noShowRate', header: '过号率(%)', fmt: pct },
];

export async function registerConsole(app: FastifyInstance, d: ConsoleDeps): Promise<void> {
  /** 差评整改 overdue across halls: open (or under appeal) past the final due date. */
  app.get('/api/city/followups/overdue', async (req) => {
    await d.supervisor(req);
    const today = todayInChina(d.now());
    const rows = await d.db
      .selectFrom('follow_ups')
      .innerJoin('halls', 'halls.hall_id', 'follow_ups.hall_id')
      .select([
        'follow_ups.hall_id',
        'halls.name as hall_name',
        'follow_ups.follow_up_id',
        'follow_ups.rating_id',
        'follow_ups.status',
        'follow_ups.opened_on',
        'follow_ups.due_date',
      ])
      .where('follow_ups.status', 'in', ['open', 'appealed'])
      .where('follow_ups.due_date', '<', today)
      .orderBy('follow_ups.due_date')
      .limit(500)
      .execute();
    return {
      asOf: today,
      followUps: rows.map((r) => ({
        hallId: r.hall_id,
        hallName: r.hall_name,
        followUpId: r.follow_up_id,
        ratingId: r.rating_id,
        status: r.status,
        openedOn: r.opened_on,
        dueDate: r.due_date,
      })),
    };
  });

  app.get('/api/city/kpis.xlsx', async (req, reply) => {
    await d.supervisor(req);
    const r = kpiQuerySchema.safeParse(req.query);
    if (!r.success) throw CE.invalidQuery(r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
    const q = r.data;
    const today = todayInChina(d.now());
    if (q.from > today) throw CE.futureDate();
    const k = await kpis(d.db, q.from, q.to, q.hall, today);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('大厅指标');
    ws.columns = [
      { header: '机构代码', key: 'code', width: 14 },
      { header: '大厅', key: 'name', width: 28 },
      ...KPI_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: 14 })),
    ];
    const row = (code: string, name: string, x: Kpi) => ({
      code,
      name,
      ...Object.fromEntries(KPI_COLUMNS.map((c) => [c.key, c.fmt ? c.fmt(x[c.key]) : x[c.key]])),
    });
    for (const h of k.halls) ws.addRow(row(h.code, h.name, h));
    ws.addRow(row('', '全市合计', k.city)).font = { bold: true };
    ws.getRow(1).font = { bold: true };
    ws.insertRow(1, [`统计区间 ${k.from} 至 ${k.to}`]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="city-kpis-${k.from}-${k.to}.xlsx"`)
      .send(buf);
  });

  const dir = d.rendererDir ?? 'out/renderer';
  if (fs.existsSync(path.join(dir, 'index.html'))) {
    await app.register(fastifyStatic, { root: path.resolve(dir), index: ['index.html'], wildcard: true });
  }
}
