// Statistics for a date range: headline KPIs (办件量, 按期办结率, 好评率, 过号率, share above the
// service level), then tickets and waiting/service times by hour, category, window or clerk,
// and the rating mix; export as CSV or XLSX (server-side, same numbers).
import { hallFmt } from '../../hooks/hallZone';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { ElectronicMaterialsTile } from './ElectronicMaterialsTile';
import { Button, Card, Col, Input, Row, Segmented, Space } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StatsResponse } from '../../../../domain/api/hall';
import { isBadRating, isGoodRating, ratingSlices } from '../../../../domain/rating/levels';
import type { RatingLevel } from '../../../../domain/api/hall';
import { EChart } from './EChart';
import { PackageStatsCard } from './PackageStatsCard';
import { errText, managerApi, type CaseList, type RatingItem } from './managerApi';

const today = () => hallFmt.today();
const pct = (v: number | null | undefined) => (v === null || v === undefined || Number.isNaN(v) ? '—' : `${(v * 100).toFixed(1)}%`);
const num = (v: number | null | undefined) => (v === null || v === undefined ? '—' : v.toFixed(1));

export function StatsPanel({ onError, version }: { onError: (m: string) => void; version: number }) {
  const { t } = useTranslation('manager');
  const [from, setFrom] = useState(today);
  const [to, setTo] = useState(today);
  const [groupBy, setGroupBy] = useState<'hour' | 'category' | 'window' | 'clerk'>('hour');
  const [stats, setStats] = useState<StatsResponse | null>(null);
  const [ratings, setRatings] = useState<RatingItem[]>([]);
  const [cases, setCases] = useState<CaseList | null>(null);

  const load = useCallback(async () => {
    try {
      const [s, r, c] = await Promise.all([
        managerApi.stats(from, to, groupBy),
        managerApi.ratings(from, to).catch(() => [] as RatingItem[]),
        managerApi.cases({ limit: 500 }).catch(() => null),
      ]);
      setStats(s);
      setRatings(r);
      setCases(c);
    } catch (e) {
      onError(errText(e));
    }
  }, [from, to, groupBy, onError]);
  // Refresh when the hall changes, at most every 10 s.
  const bucket = Math.floor(version / 5);
  useEffect(() => void load(), [load, bucket]);

  const total = useMemo(() => {
    const rows = stats?.rows ?? [];
    const sum = (f: (r: StatsResponse['rows'][number]) => number) => rows.reduce((n, r) => n + f(r), 0);
    const called = sum((r) => r.called);
    const waitN = sum((r) => r.waiting.count);
    return {
      issued: sum((r) => r.issued),
      served: sum((r) => r.served),
      noShow: sum((r) => r.noShow),
      noShowRate: called ? sum((r) => r.noShow) / called : null,
      waitMean: waitN ? sum((r) => (r.waiting.mean ?? 0) * r.waiting.count) / waitN : null,
      above: called ? sum((r) => (r.aboveServiceLevel ?? 0) * r.called) / called : null,
    };
  }, [stats]);
  const good = ratings.filter((r) => isGoodRating(r.level as RatingLevel)).length;
  const bad = ratings.filter((r) => isBadRating(r.level as RatingLevel)).length;
  // Items only: a 一件事 package case is counted through its sub-cases (and in 一件事统计).
  const completed = (cases?.cases ?? []).filter((c) => c.completedOn !== null && c.packageInfo == null);
  const onTime = completed.filter((c) => (c.overdueDays ?? 0) === 0).length;

  const rows = useMemo(() => stats?.rows ?? [], [stats]);
  const keys = useMemo(() => rows.map((r) => (groupBy === 'hour' ? `${r.key}时` : r.key)), [rows, groupBy]);
  const volume = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('stats.issued'), t('stats.served'), t('stats.noShow')] },
      grid: { left: 40, right: 16, bottom: 30, top: 40 },
      xAxis: { type: 'category', data: keys },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: t('stats.issued'), type: 'bar', data: rows.map((r) => r.issued) },
        { name: t('stats.served'), type: 'bar', data: rows.map((r) => r.served) },
        { name: t('stats.noShow'), type: 'bar', data: rows.map((r) => r.noShow) },
      ],
    }),
    [rows, keys, t],
  );
  const times = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { top: 0, data: [t('stats.waitMean'), t('stats.waitP90'), t('stats.serviceMean')] },
      grid: { left: 40, right: 16, bottom: 30, top: 48 },
      xAxis: { type: 'category', data: keys },
      yAxis: { type: 'value', name: t('stats.minutes') },
      series: [
        { name: t('stats.waitMean'), type: 'line', data: rows.map((r) => r.waiting.mean) },
        { name: t('stats.waitP90'), type: 'line', data: rows.map((r) => r.waiting.p90) },
        { name: t('stats.serviceMean'), type: 'bar', data: rows.map((r) => r.service.mean) },
      ],
    }),
    [rows, keys, t],
  );
  const mix = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      title: ratings.length ? undefined : { text: t('stats.noRatings'), left: 'center', top: 'middle', textStyle: { color: '#8c96a3', fontSize: 16 } },

      // Zero slices are left out: ECharts draws an all-zero pie as five equal slices.
      series: [{ type: 'pie', radius: ['40%', '70%'], data: ratingSlices(ratings, (l) => t(`stats.level.${l}`)) }],
    }),
    [ratings, t],
  );

  const exportAs = async (format: 'csv' | 'xlsx') => {
    try {
      await managerApi.downloadStats({ from, to, groupBy, format }, `大厅统计-${from}_${to}.${format}`);
    } catch (e) {
      onError(errText(e));
    }
  };

  const kpis: [string, string, string?][] = [
    [t('stats.cases'), cases ? String(cases.items) : '—', 'kpi-cases'],
    [t('stats.onTime'), completed.length ? pct(onTime / completed.length) : '—', 'kpi-ontime'],
    [t('stats.goodRate'), ratings.length ? pct(good / ratings.length) : '—', 'kpi-good'],
    [t('stats.badCount'), String(bad)],
    [t('stats.issued'), String(total.issued), 'kpi-issued'],
    [t('stats.served'), String(total.served)],
    [t('stats.noShowRate'), pct(total.noShowRate)],
    [t('stats.waitMean'), num(total.waitMean)],
    [t('stats.above'), pct(total.above)],
  ];

  return (
    <div data-testid="manager-stats">
      <Space wrap style={{ marginBottom: 12 }}>
        <Input type="date" value={from} onChange={(e) => setFrom(e.target.value)} style={{ width: 160 }} aria-label={t('stats.from')} />
        <span>—</span>
        <Input type="date" value={to} onChange={(e) => setTo(e.target.value)} style={{ width: 160 }} aria-label={t('stats.to')} />
        <Segmented
          value={groupBy}
          onChange={(v) => setGroupBy(v as typeof groupBy)}
          options={(['hour', 'category', 'window', 'clerk'] as const).map((g) => ({ value: g, label: t(`stats.by.${g}`) }))}
        />
        <Button onClick={() => void load()}>{t('stats.refresh')}</Button>
        <Button onClick={() => void exportAs('csv')} data-testid="export-csv">
          {t('stats.exportCsv')}
        </Button>
        <Button onClick={() => void exportAs('xlsx')} data-testid="export-xlsx">
          {t('stats.exportXlsx')}
        </Button>
      </Space>
      <div className="mgr-summary">
        {kpis.map(([k, v, id]) => (
          <div className="mgr-kpi" key={k}>
            <div className="v" data-testid={id}>
              {v}
            </div>
            <div className="k">{k}</div>
          </div>
        ))}
      </div>
      <Row gutter={12}>
        <Col span={12}>
          <Card size="small" title={t('stats.volume')}>
            <EChart option={volume} testId="chart-volume" />
          </Card>
        </Col>
        <Col span={12}>
          <Card size="small" title={t('stats.times')}>
            <EChart option={times} testId="chart-times" />
          </Card>
        </Col>
      </Row>
      <Row gutter={12} style={{ marginTop: 12 }}>
        <Col span={8}>
          <Card size="small" title={t('stats.ratingMix')}>
            <EChart option={mix} height={240} testId="chart-ratings" />
          </Card>
        </Col>
        <Col span={16}>
          <PackageStatsCard from={from} to={to} version={bucket} onError={onError} />
          <ElectronicMaterialsTile m={stats?.materials} />
        </Col>
      </Row>
    </div>
  );
}
