// 今日延时服务 (issue 16): the day's extended hours from the duty rota (GET /api/rota-today), shown
// on the kiosk and the call display. Nothing when the day has none (or the hall keeps no rota).
import { useTranslation } from 'react-i18next';
import type { RotaToday } from '../../../domain/api/rota';

export function extendedHoursText(today: RotaToday | null, t: (k: string, o?: Record<string, unknown>) => string): string | null {
  const ext = today?.opens ? today.extended : null;
  if (!ext) return null;
  const parts = [
    ext.lunch ? t('extended.lunch', { from: ext.lunch[0], to: ext.lunch[1] }) : null,
    ext.until ? t('extended.until', { until: ext.until }) : null,
  ];
  return t('extended.title', { what: parts.filter(Boolean).join(t('extended.sep')) });
}

export function ExtendedHours({ today, className }: { today: RotaToday | null; className?: string }) {
  const { t } = useTranslation('common');
  const text = extendedHoursText(today, t);
  if (!text) return null;
  return (
    <div className={className} data-testid="extended-hours">
      {text}
    </div>
  );
}
