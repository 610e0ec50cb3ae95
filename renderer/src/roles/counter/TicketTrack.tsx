// 手机跟踪 for the ticket at the window: its tracking QR (the citizen scans it to follow a
// transfer, see the case once accepted, and rate it there) and a phone number for SMS. The URL and
// the masked number come from the hall; the number typed here is sent once and never shown again.
import { useState } from 'react';
import { Alert, Button, Input, Popover, QRCode, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { core } from '../../bridge/coreBridge';
import { errorText } from '../../i18n/errorText';
import type { TicketTrack as Track } from '../../../../domain/api/track';

export function TicketTrack({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation('counter');
  const [track, setTrack] = useState<Track | null>(null);
  const [phone, setPhone] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [printing, setPrinting] = useState(false);
  const [printed, setPrinted] = useState<string | null>(null);

  const load = (open: boolean) => {
    if (!open) return;
    setError(null);
    setPrinted(null);
    core['queue.track']({ ticketId }).then(setTrack, (e: unknown) => setError(errorText(e)));
  };
  const leave = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await core['queue.leavePhone']({ ticketId, phone: phone.trim() });
      setTrack((x) => (x ? { ...x, phoneMasked: r.phoneMasked } : x));
      setPhone('');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  // The slip: the same QR on paper (the kiosk ticket's layout), for a citizen who would rather not scan the screen.
  const print = async () => {
    setPrinting(true);
    setError(null);
    setPrinted(null);
    try {
      await core['queue.printTrack']({ ticketId });
      setPrinted(track?.number ?? '');
    } catch (e) {
      setError(errorText(e));
    } finally {
      setPrinting(false);
    }
  };

  const content = (
    <Space direction="vertical" style={{ width: 260 }} data-testid="track-popover">
      {track?.trackUrl ? (
        <>
          <QRCode value={track.trackUrl} size={180} data-testid="track-qr" />
          <Typography.Text type="secondary">{t('track.scanHint')}</Typography.Text>
          <Button block loading={printing} onClick={() => void print()} data-testid="track-print">
            {t('track.print')}
          </Button>
          {printed !== null && <Alert type="success" showIcon message={t('track.printed', { number: printed })} data-testid="track-printed" />}
        </>
      ) : (
        track && <Typography.Text type="secondary">{t('track.noUrl')}</Typography.Text>
      )}
      {track?.phoneMasked && <Typography.Text data-testid="track-phone-left">{t('track.phoneLeft', { phone: track.phoneMasked })}</Typography.Text>}
      <Space.Compact style={{ width: '100%' }}>
        <Input
          value={phone}
          onChange={(e) => setPhone(e.target.value)}
          placeholder={t('track.phonePlaceholder')}
          inputMode="numeric"
          maxLength={11}
          autoComplete="off"
          data-testid="track-phone"
        />
        <Button type="primary" loading={busy} disabled={phone.trim().length !== 11} onClick={() => void leave()} data-testid="track-phone-save">
          {t('track.sms')}
        </Button>
      </Space.Compact>
      {error && <Alert type="error" showIcon message={error} data-testid="track-error" />}
    </Space>
  );
  return (
    <Popover trigger="click" title={t('track.title')} content={content} onOpenChange={load} destroyOnHidden>
      <Button size="small" data-testid="btn-track">
        {t('track.button')}
      </Button>
    </Popover>
  );
}
