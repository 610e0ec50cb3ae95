// City-wide and per-hall KPIs for a date range (办件量, 按期办结率, 好评率, 差评数, 差评整改按期率,
// average and P90 wait, 过号率), halls ranked by a chosen indicator, charts, XLSX export. With a
// hall chosen (drill-down from the hall list) the cards show that hall.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button, Card, Col, Input, Row, Select, Space, Statistic, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Kpi, KpiResponse } from '../../../../domain/api/city';
import { EChart } from '../manager/EChart';
import { chinaDay, cityApi } from './cityApi';

type HallKpi = KpiResponse['halls'][number];
const RATES = new Set<keyof Kpi>(['onTimeRate', 'goodRate', 'followUpOnTimeRate', 'noShowRate']);
const CARDS: (keyof Kpi)[] = ['cases', 'onTimeRate', 'goodRate', 'badCount', 'followUpOnTimeRate', 'avgWaitMinutes', 'p90WaitMinutes', 'noShowRate'];
/** For these, smaller is better when ranking. */
const LOWER_BETTER = new Set<keyof Kpi>(['badCount', 'avgWaitMinutes', 'p90WaitMinutes', 'noShowRate']);

export function fmtKpi(k: keyof Kpi, v: number | null): string {
  if (v === null) return '—';
  if (RATES.has(k)) return `${(v * 100).toFixed(1)}%`;
  if (k === 'avgWaitMinutes' || k === 'p90WaitMinutes') return v.toFixed(1);
  return String(v);
}

export function KpiPanel({ onError, hall, onHall }: { onError: (e: unknown) => void; hall?: string; onHall: (h: string | undefined) => void }) {
  const { t } = useTranslation('city');
  const [from, setFrom] = useState(() => chinaDay(Date.now() - 29 * 86_400_000));
  const [to, setTo] = useState(() => chinaDay());
  const [data, setData] = useState<KpiResponse | null>(null);
  const [rankBy, setRankBy] = useState<keyof Kpi>('cases');
  const load = useCallback(async () => {
    try {
      setData(await cityApi.kpis(from, to));
    } catch (e) {
      onError(e);
    }
  }, [from, to, onError]);
  useEffect(() => {
    void load();
    const id = setInterval(() => void load(), 15_000);
    return () => clearInterval(id);
  }, [load]);

  const shown: Kpi | null = hall ? (data?.halls.find((h) => h.hallId === hall) ?? null) : (data?.city ?? null);
  const ranked = useMemo(() => {
    const list = [...(data?.halls ?? [])];
    const dir = LOWER_BETTER.has(rankBy) ? 1 : -1;
    return list.sort((a, b) => {
      const x = a[rankBy];
      const y = b[rankBy];
      if (x === null) return 1;
      if (y === null) return -1;
      return dir * (x - y);
    });
  }, [data, rankBy]);
  const chart = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { data: [t('kpi.cases'), t('kpi.goodRate')] },
      xAxis: { type: 'category', data: ranked.map((h) => h.name) },
      yAxis: [
        { type: 'value', name: t('kpi.cases') },
        { type: 'value', name: '%', max: 100 },
      ],
      series: [
        { name: t('kpi.cases'), type: 'bar', data: ranked.map((h) => h.cases) },
        { name: t('kpi.goodRate'), type: 'line', yAxisIndex: 1, data: ranked.map((h) => (h.goodRate === null ? null : Math.round(h.goodRate * 1000) / 10)) },
      ],
    }),
    [ranked, t],
  );

  return (
    <div data-testid="city-kpis">
      <Space wrap style={{ marginBottom: 12 }}>
        <span>{t('kpi.from')}</span>
        <Input type="date" value={from} onChange={(e) => setFrom(e.target.value)} style={{ width: 160 }} />
        <span>{t('kpi.to')}</span>
        <Input type="date" value={to} onChange={(e) => setTo(e.target.value)} style={{ width: 160 }} />
        <Select
          style={{ width: 260 }}
          value={hall ?? ''}
          onChange={(v) => onHall(v || undefined)}
          data-testid="kpi-hall"
          options={[{ value: '', label: t('kpi.wholeCity') }, ...(data?.halls ?? []).map((h) => ({ value: h.hallId, label: h.name }))]}
        />
        <Button onClick={() => void load()} data-testid="kpi-refresh">
          {t('kpi.refresh')}
        </Button>
        <Button onClick={() => void cityApi.downloadKpis(from, to).catch(onError)} data-testid="city-xlsx">
          {t('kpi.exportXlsx')}
        </Button>
      </Space>
      <Row gutter={[12, 12]}>
        {CARDS.map((k) => (
          <Col key={k} xs={12} md={6}>
            <Card size="small">
              <Statistic title={t(`kpi.${k}`)} value={shown ? fmtKpi(k, shown[k]) : '—'} valueStyle={{ fontSize: 22 }} data-testid={`kpi-${k}`} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card
        size="small"
        title={t('kpi.ranking')}
        style={{ marginTop: 12 }}
        extra={<Select style={{ width: 180 }} value={rankBy} onChange={setRankBy} options={CARDS.map((k) => ({ value: k, label: t(`kpi.${k}`) }))} />}
      >
        <Table<HallKpi>
          rowKey="hallId"
          size="small"
          pagination={false}
          dataSource={ranked}
          data-testid="city-ranking"
          onRow={(h) => ({ onClick: () => onHall(h.hallId), style: { cursor: 'pointer' } })}
          columns={[
            { title: t('kpi.rank'), render: (_, __, i) => i + 1, width: 60 },
            { title: t('halls.name'), dataIndex: 'name' },
            ...CARDS.map((k) => ({ title: t(`kpi.${k}`), render: (_: unknown, h: HallKpi) => fmtKpi(k, h[k]) })),
          ]}
        />
        <EChart option={chart} height={260} testId="city-chart" />
      </Card>
    </div>
  );
}
