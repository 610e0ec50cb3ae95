// On the ticket screen: the citizen may leave a mobile number for two SMS (when N are ahead, and
// when called). Typed on a large pad; sent once to the hall (PUT /api/tickets/:id/phone), which
// keeps it encrypted until the end of the day and answers only the masked form shown here.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { kioskLeavePhone } from './kioskApi';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '', '0', 'del'];

export function PhoneSms({ ticketId }: { ticketId: string }) {
  const { t } = useTranslation('kiosk');
  const [open, setOpen] = useState(false);
  const [value, setValue] = useState('');
  const [masked, setMasked] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  if (masked)
    return (
      <div className="kiosk-subtitle ok" data-testid="kiosk-sms-on">
        {t('smsOn', { phone: masked })}
      </div>
    );
  if (!open)
    return (
      <button className="kiosk-btn secondary" onClick={() => setOpen(true)} data-testid="kiosk-sms">
        {t('smsAsk')}
      </button>
    );
  const press = (k: string) => {
    setError(null);
    if (k === 'del') setValue((v) => v.slice(0, -1));
    else if (k) setValue((v) => (v.length < 11 ? v + k : v));
  };
  const submit = async () => {
    try {
      setMasked((await kioskLeavePhone(ticketId, value)).phoneMasked);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <div className="kiosk-idpad" data-testid="kiosk-sms-pad">
      <div className="kiosk-subtitle">{t('smsTitle')}</div>
      <div className="id-value">
        {value || '\u00a0'}
        <span className="id-count">{value.length}/11</span>
      </div>
      {error && (
        <div className="kiosk-inline-error" role="alert">
          {error}
        </div>
      )}
      <div className="pad-grid">
        {KEYS.map((k, i) => (
          <button key={i} className="pad-key" disabled={!k} onClick={() => press(k)} data-testid={k ? `kiosk-sms-key-${k}` : undefined}>
            {k === 'del' ? t('idDelete') : k}
          </button>
        ))}
      </div>
      <div className="pad-actions">
        <button className="kiosk-btn secondary" onClick={() => setOpen(false)}>
          {t('back')}
        </button>
        <button className="kiosk-btn primary" disabled={!/^1[3-9]\d{9}$/.test(value)} onClick={() => void submit()} data-testid="kiosk-sms-ok">
          {t('smsOk')}
        </button>
      </div>
      <div className="ticket-hint">{t('smsPrivacy')}</div>
    </div>
  );
}
