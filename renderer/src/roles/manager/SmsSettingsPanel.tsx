// 短信提醒: the manager's N — a citizen who left a mobile number gets an SMS when N or fewer are
// ahead (and another when called). The hall keeps it (PUT /api/track/settings, a typed setting);
// the tracking hub reads it at each evaluation, so a change applies to the next reminder.
import { useEffect, useState } from 'react';
import { Button, Card, Form, InputNumber, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { hallClient } from '../../bridge/hallBridge';
import { NOTIFY_AHEAD } from '../../../../domain/api/track';

export function SmsSettingsPanel({ onError }: { onError: (m: string) => void }) {
  const { t } = useTranslation('manager');
  const [current, setCurrent] = useState<number | null>(null);
  const [draft, setDraft] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    void hallClient('manager')
      .call('track.settings')
      .then((s) => {
        setCurrent(s.notifyAhead);
        setDraft(s.notifyAhead);
      })
      .catch((e: Error) => onError(e.message));
  }, [onError]);

  if (current === null || draft === null) return null;
  const save = async () => {
    setSaving(true);
    try {
      setCurrent((await hallClient('manager').call('track.setSettings', { body: { notifyAhead: draft } })).notifyAhead);
      setSaved(true);
    } catch (e) {
      onError((e as Error).message);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card size="small" title={t('sms.title')} style={{ maxWidth: 640, marginTop: 16 }} data-testid="sms-settings">
      <Form layout="horizontal" labelCol={{ span: 8 }}>
        <Form.Item label={t('sms.ahead')} extra={t('sms.aheadHelp')}>
          <InputNumber
            min={NOTIFY_AHEAD.min}
            max={NOTIFY_AHEAD.max}
            step={1}
            precision={0}
            value={draft}
            onChange={(v) => {
              if (v === null) return;
              setSaved(false);
              setDraft(v);
            }}
            addonAfter={t('sms.people')}
            data-testid="sms-ahead"
          />
        </Form.Item>
        <Form.Item wrapperCol={{ offset: 8 }}>
          <Button type="primary" loading={saving} disabled={draft === current} onClick={() => void save()} data-testid="sms-save">
            {t('sms.save')}
          </Button>
          {saved && draft === current && (
            <Tag color="green" style={{ marginLeft: 8 }} data-testid="sms-saved">
              {t('sms.saved', { n: current })}
            </Tag>
          )}
        </Form.Item>
      </Form>
    </Card>
  );
}
