// Appointment check-in: the 6-digit booking code on a big numeric pad, or (one big button away)
// the ID number on the same pad as ID tickets. One question per screen.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { IdPad } from './IdPad';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'clear', '0', 'del'];

export function AppointmentPad({ onCode, onIdNumber, onBack }: { onCode: (code: string) => void; onIdNumber: (id: string) => void; onBack: () => void }) {
  const { t } = useTranslation('kiosk');
  const [byId, setById] = useState(false);
  const [code, setCode] = useState('');

  if (byId) return <IdPad onAccept={onIdNumber} onBack={() => setById(false)} />;

  const press = (k: string) => {
    if (k === 'del') setCode((v) => v.slice(0, -1));
    else if (k === 'clear') setCode('');
    else setCode((v) => (v.length < 6 ? v + k : v));
  };
  return (
    <div className="kiosk-idpad" data-testid="kiosk-appt-pad">
      <div className="kiosk-subtitle">{t('apptCodeTitle')}</div>
      <div className="id-value" data-testid="kiosk-appt-code">
        {code.padEnd(6, '·')}
      </div>
      <div className="pad-grid">
        {KEYS.map((k) => (
          <button key={k} className="pad-key" onClick={() => press(k)} data-testid={`kiosk-appt-key-${k}`}>
            {k === 'del' ? t('idDelete') : k === 'clear' ? t('idClear') : k}
          </button>
        ))}
      </div>
      <div className="pad-actions">
        <button className="kiosk-btn secondary" onClick={onBack}>
          {t('back')}
        </button>
        <button className="kiosk-btn secondary" onClick={() => setById(true)} data-testid="kiosk-appt-by-id">
          {t('apptById')}
        </button>
        <button className="kiosk-btn primary" disabled={code.length !== 6} onClick={() => onCode(code)} data-testid="kiosk-appt-ok">
          {t('apptCheckIn')}
        </button>
      </div>
    </div>
  );
}
