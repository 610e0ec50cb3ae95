// 免提交 as a reform KPI on the statistics page: materials of the period's cases satisfied by
// e-licences, their share of materials received, the cases involved, and paper fallbacks.
import { Card } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StatsResponse } from '../../../../domain/api/hall';

export function ElectronicMaterialsTile({ m }: { m: StatsResponse['materials'] | undefined }) {
  const { t } = useTranslation('licences');
  const share = m && m.received ? `${((100 * m.electronic) / m.received).toFixed(1)}%` : '—';
  const kpis: [string, string, string][] = [
    [t('statsElectronic'), m ? String(m.electronic) : '—', 'kpi-electronic'],
    [t('statsShare'), share, 'kpi-electronic-share'],
    [t('statsCases'), m ? String(m.casesWithElectronic) : '—', 'kpi-electronic-cases'],
    [t('statsFallback'), m ? String(m.paperFallback) : '—', 'kpi-paper-fallback'],
  ];
  return (
    <Card size="small" title={t('statsTitle')} data-testid="stats-electronic">
      <div className="mgr-summary">
        {kpis.map(([k, v, id]) => (
          <div className="mgr-kpi" key={id}>
            <div className="v" data-testid={id}>
              {v}
            </div>
            <div className="k">{k}</div>
          </div>
        ))}
      </div>
    </Card>
  );
}
