// The hall's city uplink in the manager's header: state, backlog still in the outbox, last push,
// catalogue version, rejections, and whether the city receives applicants in clear (GET
// /api/uplink/status on the hall). Hidden when not configured.
import { useEffect, useState } from 'react';
import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import { hallClient } from '../../bridge/hallBridge';
import type { HallUplinkStatus } from '../../../../domain/api/hallUplink';
import { hallFmt } from '../../hooks/hallZone';

const COLOR: Record<HallUplinkStatus['state'], string> = { off: 'default', enrolling: 'blue', pushing: 'gold', idle: 'green', backoff: 'red', error: 'red' };

export function UplinkTile({ version }: { version: number }) {
  const { t } = useTranslation('city');
  const [s, setS] = useState<HallUplinkStatus | null>(null);
  useEffect(() => {
    let live = true;
    const load = () =>
      void hallClient('manager')
        .call('uplink.status')
        .then(
          (r) => live && setS(r),
          () => {},
        );
    load();
    const id = setInterval(load, 5_000);
    return () => {
      live = false;
      clearInterval(id);
    };
  }, [version]);
  if (!s?.configured) return null;
  const tip = [
    s.name && `${s.name}（${s.code}）`,
    s.lastPushAt && t('uplink.lastPush', { at: hallFmt.clock(s.lastPushAt) }),
    t('uplink.catalogue', { v: s.catalogueVersion }),
    s.lastError,
  ]
    .filter(Boolean)
    .join(' · ');
  return (
    <Tooltip title={tip}>
      <span data-testid="uplink-tile" style={{ display: 'inline-flex', gap: 4, alignItems: 'center' }}>
        <span>{t('uplink.title')}</span>
        <Tag color={COLOR[s.state]} style={{ margin: 0 }}>
          {t(`uplink.${s.state}`)}
        </Tag>
        <span data-testid="uplink-backlog">{t('uplink.backlog', { n: s.backlog })}</span>
        {s.cityReceivesPersonalData && (
          <Tag color="purple" style={{ margin: 0 }} data-testid="uplink-personal">
            {t('uplink.personal')}
          </Tag>
        )}
        {s.rejected > 0 && (
          <Tag color="red" style={{ margin: 0 }}>
            {t('uplink.rejected', { n: s.rejected })}
          </Tag>
        )}
      </span>
    </Tooltip>
  );
}
