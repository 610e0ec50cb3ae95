// The citizen's side of 免提交: which licences the counter will fetch, for which service, how
// long the authorisation lasts; 同意 or 不同意. Only the masked holder name is shown.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { core } from '../../bridge/coreBridge';
import { errorText } from '../../i18n/errorText';
import type { PadConsentRequest } from '../../../../domain/contract/core';

export function PadConsent({ c }: { c: PadConsentRequest }) {
  const { t } = useTranslation('licences');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const answer = async (agree: boolean) => {
    setSending(true);
    try {
      await core['pad.consent']({ requestId: c.requestId, agree });
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSending(false);
    }
  };
  return (
    <div className="pad-center">
      <div className="pad-card pad-consent" data-testid="pad-consent">
        <div className="pad-title">{t('padTitle')}</div>
        <div className="pad-sub">{t('padIntro')}</div>
        <ul className="pad-consent-list">
          {c.licences.map((l) => (
            <li key={l.licenceType} data-testid={`pad-consent-${l.licenceType}`}>
              {l.label}
            </li>
          ))}
        </ul>
        <div className="pad-sub">{t('padHolder', { name: c.holderMasked })}</div>
        {c.itemName && <div className="pad-sub">{t('padItem', { name: c.itemName })}</div>}
        <div className="pad-privacy">{t('padValid', { n: c.validMinutes })}</div>
        {error && (
          <div className="pad-error" role="alert">
            {error}
          </div>
        )}
        <div className="pad-consent-actions">
          <button className="pad-submit" disabled={sending} onClick={() => void answer(true)} data-testid="pad-consent-agree">
            {t('agree')}
          </button>
          <button className="pad-reason" disabled={sending} onClick={() => void answer(false)} data-testid="pad-consent-decline">
            {t('decline')}
          </button>
        </div>
      </div>
    </div>
  );
}
