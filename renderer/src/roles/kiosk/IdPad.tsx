// A large numeric pad for typing (or a USB scanner "typing") an 18-digit ID number. Validated
// with domain/idNumber; the number is shown grouped and masked once accepted.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { checkIdNumber, normalizeIdNumber } from '../../../../domain/idNumber';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'X', '0', 'del'];

export function IdPad({ onAccept, onBack }: { onAccept: (id: string) => void; onBack: () => void }) {
  const { t } = useTranslation('kiosk');
  const [value, setValue] = useState('');
  const [error, setError] = useState<string | null>(null);

  const press = (k: string) => {
    setError(null);
    if (k === 'del') setValue((v) => v.slice(0, -1));
    else setValue((v) => (v.length < 18 ? v + k : v));
  };
  const submit = (raw = value) => {
    const id = normalizeIdNumber(raw);
    const c = checkIdNumber(id);
    if (!c.ok) return setError(t('idInvalid', { msg: c.message }));
    onAccept(id);
  };

  // A barcode/ID scanner types the number and presses Enter.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (/^[0-9xX]$/.test(e.key)) press(e.key.toUpperCase());
      else if (e.key === 'Backspace') press('del');
      else if (e.key === 'Enter') setValue((v) => (submit(v), v));
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const grouped = `${value.slice(0, 6)} ${value.slice(6, 14)} ${value.slice(14)}`.trim();
  return (
    <div className="kiosk-idpad" data-testid="kiosk-idpad">
      <div className="kiosk-subtitle">{t('idTitle')}</div>
      <div className="id-value" data-testid="kiosk-id-value">
        {grouped || '\u00a0'}
        <span className="id-count">{value.length}/18</span>
      </div>
      {error && (
        <div className="kiosk-inline-error" role="alert" data-testid="kiosk-id-error">
          {error}
        </div>
      )}
      <div className="pad-grid">
        {KEYS.map((k) => (
          <button key={k} className="pad-key" onClick={() => press(k)} data-testid={`kiosk-key-${k}`}>
            {k === 'del' ? t('idDelete') : k}
          </button>
        ))}
      </div>
      <div className="pad-actions">
        <button className="kiosk-btn secondary" onClick={onBack}>
          {t('back')}
        </button>
        <button className="kiosk-btn secondary" onClick={() => setValue('')}>
          {t('idClear')}
        </button>
        <button className="kiosk-btn primary" disabled={value.length !== 18} onClick={() => submit()} data-testid="kiosk-id-ok">
          {t('idOk')}
        </button>
      </div>
    </div>
  );
}
