// Statistics export for the manager: CSV (UTF-8 with BOM so Excel opens Chinese correctly) or
// XLSX (exceljs) with the queue statistics and the rating summary. The statistics come from
// GET /api/stats itself (one implementation), called in-process with the caller's token.
import ExcelJS from 'exceljs';
import type { RouteModule } from '../context';
import { hallRoutes as R } from '../../domain/api/routes';
import { defineRoutes } from '../http/route';
import { type StatsResponse } from '../../domain/api/hall';
import { CodedError } from '../../domain/api/errors';
import { dayStart, nextDay } from '../../domain/queue/numbering';
import { RATING_LEVEL_LABELS, isBadRating, isGoodRating } from '../../domain/rating/levels';
import type { RatingLevel } from '../../domain/api/hall';

const GROUP_LABEL: Record<string, string> = { category: '业务类别', window: '窗口', clerk: '工作人员', hour: '时段', day: '日期' };

const COLUMNS: { header: string; get: (r: StatsResponse['rows'][number]) => string | number | null }[] = [
  { header: '取号数', get: (r) => r.issued },
  { header: '叫号数', get: (r) => r.called },
  { header: '办结数', get: (r) => r.served },
  { header: '过号数', get: (r) => r.noShow },
  { header: '过号率', get: (r) => r.noShowRate },
  { header: '平均等候(分钟)', get: (r) => r.waiting.mean },
  { header: '等候P90(分钟)', get: (r) => r.waiting.p90 },
  { header: '平均走动(分钟)', get: (r) => r.walking.mean },
  { header: '平均办理(分钟)', get: (r) => r.service.mean },
  { header: '办理P90(分钟)', get: (r) => r.service.p90 },
  { header: '超服务水平占比', get: (r) => r.aboveServiceLevel },
];

function csvCell(v: string | number | null): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(Math.round(v * 1000) / 1000) : v;
  // Quote always; neutralise formula injection (a cell starting with = + - @).
  return `"${(/^[=+\-@]/.test(s) && typeof v === 'string' ? `'${s}` : s).replace(/"/g, '""')}"`;
}

const exportRoutes: RouteModule = (app, { store, auth }) => {
  const serve = defineRoutes(app, auth);
  serve(R['exports.stats'], async (req, reply) => {
    const { from, to, groupBy, format } = req.query;
    const res = await app.inject({
      method: 'GET',
      url: `/api/stats?from=${from}&to=${to}&groupBy=${groupBy}`,
      headers: { authorization: req.headers.authorization ?? '' },
    });
    if (res.statusCode !== 200) throw new CodedError('export_stats_failed', '统计数据获取失败，无法导出', res.statusCode, res.json());
    const stats = res.json() as StatsResponse;
    const header = [GROUP_LABEL[groupBy] ?? groupBy, ...COLUMNS.map((c) => c.header)];
    const rows = stats.rows.map((r) => [r.key, ...COLUMNS.map((c) => c.get(r))]);
    const name = `hall-stats-${groupBy}-${from}_${to}`;

    if (format === 'csv') {
      const body = '\ufeff' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
      return reply.header('content-type', 'text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(body);
    }

    const wb = new ExcelJS.Workbook();
    wb.creator = '窗口通';
    const ws = wb.addWorksheet('排队统计');
    ws.addRow([`统计期间 ${from} 至 ${to}（${stats.timeZone}）`]);
    ws.addRow(header).font = { bold: true };
    for (const r of rows) ws.addRow(r);
    ws.columns.forEach((c) => (c.width = 14));

    // The period is in hall days; rated_at is an ISO instant (UTC): compare instants, not strings,
    // or ratings given between 00:00 and 08:00 Beijing time fall on the wrong day.
    const start = dayStart(from, stats.timeZone);
    const end = dayStart(nextDay(to), stats.timeZone);
    const ratings = store
      .all(
        store.q
          .selectFrom('ratings')
          .select(['clerk_work_no', 'window_no', 'level', 'rated_at'])
          .where('received_at', '>=', start - 86_400_000)
          .where('received_at', '<', end + 86_400_000),
      )
      .filter((r) => {
        const at = Date.parse(r.rated_at);
        return at >= start && at < end;
      });
    const rs = wb.addWorksheet('好差评');
    rs.addRow(['工号', '评价数', ...Object.values(RATING_LEVEL_LABELS), '好评率', '差评数']).font = { bold: true };
    const byClerk = new Map<string, RatingLevel[]>();
    for (const r of ratings) byClerk.set(r.clerk_work_no, [...(byClerk.get(r.clerk_work_no) ?? []), r.level as RatingLevel]);
    for (const [clerk, levels] of [...byClerk].sort()) {
      const counts = (Object.keys(RATING_LEVEL_LABELS) as RatingLevel[]).map((l) => levels.filter((x) => x === l).length);
      rs.addRow([clerk, levels.length, ...counts, levels.filter(isGoodRating).length / levels.length, levels.filter(isBadRating).length]);
    }
    rs.columns.forEach((c) => (c.width = 12));
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    return reply
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}.xlsx"`)
      .send(buf);
  });
};
export default exportRoutes;
