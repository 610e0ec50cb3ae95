// 一件事 statistics beside the item figures: 办件量 and 按期办结率 by item and by package, and
// 办件量 per package (a package is on time only when every sub-case was).
import { useEffect, useState } from 'react';
import { Card, Col, Empty, Row, Statistic, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { hallClient } from '../../bridge/hallBridge';
import { errText } from './managerApi';
import type { PackageStatsResponse } from '../../../../domain/api/packageStats';

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

export function PackageStatsCard({ from, to, version, onError }: { from: string; to: string; version: number; onError: (m: string) => void }) {
  const { t } = useTranslation('packages');
  const [s, setS] = useState<PackageStatsResponse | null>(null);
  useEffect(() => {
    let live = true;
    hallClient('manager')
      .call('stats.packages', { query: { from, to } })
      .then((r) => live && setS(r))
      .catch((e: unknown) => live && onError(errText(e)));
    return () => {
      live = false;
    };
  }, [from, to, version, onError]);
  return (
    <Card size="small" title={t('stats.title')} data-testid="package-stats">
      <Row gutter={12}>
        <Col span={6}>
          <Statistic title={`${t('stats.items')} · ${t('stats.cases')}`} value={s?.items.cases ?? '—'} />
          <div style={{ fontSize: 12, color: '#8c96a3' }}>{s ? t('stats.inPackages', { n: s.items.inPackages }) : ''}</div>
        </Col>
        <Col span={6}>
          <Statistic title={`${t('stats.items')} · ${t('stats.onTime')}`} value={s ? pct(s.items.rate) : '—'} />
        </Col>
        <Col span={6}>
          <div data-testid="kpi-package-cases">
            <Statistic title={`${t('stats.packages')} · ${t('stats.cases')}`} value={s?.packages.cases ?? '—'} />
          </div>
        </Col>
        <Col span={6}>
          <div data-testid="kpi-package-ontime">
            <Statistic title={`${t('stats.packages')} · ${t('stats.onTime')}`} value={s ? pct(s.packages.rate) : '—'} />
          </div>
        </Col>
      </Row>
      {s && s.packages.byPackage.length === 0 ? (
        <Empty description={t('stats.none')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Table
          size="small"
          style={{ marginTop: 8 }}
          pagination={false}
          rowKey="code"
          dataSource={s?.packages.byPackage ?? []}
          data-testid="package-stats-table"
          columns={[
            { title: t('stats.name'), dataIndex: 'name' },
            { title: t('stats.cases'), dataIndex: 'cases' },
            { title: t('stats.completed'), dataIndex: 'completed' },
            { title: t('stats.onTime'), dataIndex: 'rate', render: (v: number | null) => pct(v) },
          ]}
        />
      )}
    </Card>
  );
}
