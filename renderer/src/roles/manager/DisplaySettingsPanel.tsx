// 大屏播报: how the hall call display announces a call (times said, pause after each time). The
// hall server keeps it (PUT /api/hall/settings) and every open display follows it at once.
// Strings live in the display namespace (they describe the display).
import { hallFmt } from '../../hooks/hallZone';
import { useEffect, useState } from 'react';
import { Button, Card, Form, InputNumber, Radio, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { hallClient } from '../../bridge/hallBridge';
import { ANNOUNCE_GAP_MS, ANNOUNCE_REPEAT, RETENTION_DAYS, type HallDisplaySettings, type HallSettingsResponse } from '../../../../domain/api/settings';

const REPEATS = Array.from({ length: ANNOUNCE_REPEAT.max - ANNOUNCE_REPEAT.min + 1 }, (_, i) => ANNOUNCE_REPEAT.min + i);

/** The server's message plus the first field message (zod details), e.g. 请求内容不符合要求：播报次数最多 3 次. */
function errorText(e: unknown): string {
  const err = e as Error & { details?: { details?: { message?: string }[] } };
  const detail = err.details?.details?.[0]?.message;
  return detail ? `${err.message}：${detail}` : (err.message ?? String(e));
}

export function DisplaySettingsPanel({ onError }: { onError: (m: string) => void }) {
  const { t } = useTranslation('display');
  const [current, setCurrent] = useState<HallSettingsResponse | null>(null);
  const [draft, setDraft] = useState<HallDisplaySettings | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    void hallClient('manager')
      .call('settings.get')
      .then((s) => {
        setCurrent(s);
        setDraft({ announceRepeat: s.announceRepeat, announceGapMs: s.announceGapMs, retentionDays: s.retentionDays });
      })
      .catch((e) => onError(errorText(e)));
  }, [onError]);

  if (!draft || !current) return null;
  const changed =
    draft.announceRepeat !== current.announceRepeat || draft.announceGapMs !== current.announceGapMs || draft.retentionDays !== current.retentionDays;

  const save = async () => {
    setSaving(true);
    try {
      setCurrent(await hallClient('manager').call('settings.put', { body: draft }));
      setSaved(true);
    } catch (e) {
      onError(errorText(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card size="small" title={t('settings.title')} style={{ maxWidth: 640 }} data-testid="display-settings">
      <Form layout="horizontal" labelCol={{ span: 8 }}>
        <Form.Item label={t('settings.repeat')} extra={t('settings.repeatHelp')}>
          <Radio.Group
            value={draft.announceRepeat}
            onChange={(e) => {
              setSaved(false);
              setDraft({ ...draft, announceRepeat: e.target.value as number });
            }}
            data-testid="settings-repeat"
          >
            {REPEATS.map((n) => (
              <Radio.Button key={n} value={n} data-testid={`settings-repeat-${n}`}>
                {t('settings.times', { n })}
              </Radio.Button>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item label={t('settings.gap')} extra={t('settings.gapHelp')}>
          <InputNumber
            min={ANNOUNCE_GAP_MS.min / 1000}
            max={ANNOUNCE_GAP_MS.max / 1000}
            step={0.1}
            precision={1}
            value={draft.announceGapMs / 1000}
            onChange={(v) => {
              if (v === null) return;
              setSaved(false);
              setDraft({ ...draft, announceGapMs: Math.round(v * 1000) });
            }}
            addonAfter={t('settings.seconds')}
            data-testid="settings-gap"
          />
        </Form.Item>
        <Form.Item label={t('settings.retention')} extra={t('settings.retentionHelp')}>
          <InputNumber
            min={RETENTION_DAYS.min}
            max={RETENTION_DAYS.max}
            step={1}
            precision={0}
            value={draft.retentionDays}
            onChange={(v) => {
              if (v === null) return;
              setSaved(false);
              setDraft({ ...draft, retentionDays: v });
            }}
            addonAfter={t('settings.days')}
            data-testid="settings-retention"
          />
        </Form.Item>
        <Form.Item wrapperCol={{ offset: 8 }}>
          <Button type="primary" loading={saving} disabled={!changed} onClick={() => void save()} data-testid="settings-save">
            {t('settings.save')}
          </Button>
          <Button
            style={{ marginLeft: 8 }}
            disabled={!changed}
            onClick={() => setDraft({ announceRepeat: current.announceRepeat, announceGapMs: current.announceGapMs, retentionDays: current.retentionDays })}
          >
            {t('settings.reset')}
          </Button>
          {saved && !changed && (
            <Tag color="green" style={{ marginLeft: 8 }} data-testid="settings-saved">
              {t('settings.saved')}
            </Tag>
          )}
        </Form.Item>
      </Form>
      <Typography.Text type="secondary" data-testid="settings-last-change">
        {current.updatedAt ? t('settings.lastChange', { by: current.updatedBy, at: hallFmt.full(current.updatedAt) }) : t('settings.defaults')}
      </Typography.Text>
      <br />
      <Typography.Text type="secondary">{t('settings.urlOverride')}</Typography.Text>
    </Card>
  );
}
