// 免提交 at the counter: the 「调取电子证照」 button of the materials checklist and its dialog.
// The applicant authorises first (confirms on the pad, or shows a 亮证 code), then the clerk
// fetches; each fetched licence marks its material received as electronic. When the licence
// service is down, one click takes paper for what is left and the case records why.
import { useEffect, useState } from 'react';
import { Alert, Button, Checkbox, Descriptions, Input, List, Modal, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { core, onCoreEvent } from '../../bridge/coreBridge';
import { errorText } from '../../i18n/errorText';
import { hallFmt } from '../../hooks/hallZone';
import type { FetchedLicenceView, IntakeInput, LicenceConsentView } from '../../../../domain/contract/core';
import type { LicenceType } from '../../../../domain/licences/types';

export interface LicenceMaterial {
  name: string;
  licenceType?: LicenceType;
  licenceLabel?: string;
  fetched?: FetchedLicenceView;
  paperFallback?: string;
}

interface Props {
  caseRef: string;
  itemName: string;
  materials: LicenceMaterial[];
  /** The applicant as the intake will send it; null while there is none. */
  applicant: () => IntakeInput['applicant'] | null;
  onFetched: (f: FetchedLicenceView) => void;
  onPaper: (names: string[], reason: 'serviceDown' | 'declined') => void;
}

export function LicenceFetch({ caseRef, itemName, materials, applicant, onFetched, onPaper }: Props) {
  const { t } = useTranslation('licences');
  const eligible = materials.filter((m) => m.licenceType);
  const open = eligible.filter((m) => !m.fetched && !m.paperFallback);
  const [shown, setShown] = useState(false);
  const [picked, setPicked] = useState<string[]>([]);
  const [consent, setConsent] = useState<LicenceConsentView | null>(null);
  const [waiting, setWaiting] = useState(false);
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [down, setDown] = useState(false);

  useEffect(() => {
    if (!shown) return;
    void core['licences.consent']({ caseRef })
      .then(setConsent)
      .catch(() => undefined);
    return onCoreEvent('licences', (e) => {
      if (e.caseRef !== caseRef) return;
      setConsent(e.consent);
      setWaiting(false);
    });
  }, [shown, caseRef]);

  if (!eligible.length) return null;
  const typeOf = (name: string) => eligible.find((m) => m.name === name)?.licenceType;
  const pickedTypes = [...new Set(picked.map(typeOf).filter((x): x is LicenceType => Boolean(x)))];
  const consentUsable = consent && !consent.declined && Date.parse(consent.expiresAt) > Date.now();
  const covered = consentUsable && pickedTypes.every((x) => consent.licenceTypes.includes(x));

  const start = () => {
    setPicked(open.map((m) => m.name));
    setError(null);
    setDown(false);
    setShown(true);
  };
  const guard = async (fn: (a: IntakeInput['applicant']) => Promise<void>) => {
    const a = applicant();
    if (!a) return setError(t('needApplicant'));
    setBusy(true);
    setError(null);
    try {
      await fn(a);
    } catch (e) {
      setError(errorText(e));
      if ((e as { code?: string }).code === 'LICENCE_SERVICE_DOWN') setDown(true);
    } finally {
      setBusy(false);
    }
  };
  const askPad = () =>
    guard(async (a) => {
      setWaiting(true);
      try {
        await core['licences.requestConsent']({ caseRef, licenceTypes: pickedTypes, applicant: a, itemName });
      } catch (e) {
        setWaiting(false);
        throw e;
      }
    });
  const redeem = () => guard(async (a) => setConsent(await core['licences.redeemCode']({ caseRef, code: code.trim().toUpperCase(), applicant: a })));
  const fetchAll = () =>
    guard(async (a) => {
      for (const name of picked) {
        const m = eligible.find((x) => x.name === name);
        if (!m?.licenceType || m.fetched) continue;
        onFetched(await core['licences.fetch']({ caseRef, material: name, licenceType: m.licenceType, applicant: a }));
      }
      setPicked([]);
    });
  const toPaper = () => {
    onPaper(picked.length ? picked : open.map((m) => m.name), down ? 'serviceDown' : 'declined');
    setShown(false);
  };
  const fetched = eligible.filter((m) => m.fetched);

  return (
    <>
      <Button size="small" onClick={start} disabled={!open.length} data-testid="btn-licence-fetch">
        {t('fetchButton')}
      </Button>
      <Modal
        title={t('title')}
        open={shown}
        width={640}
        onCancel={() => setShown(false)}
        footer={
          <Button type="primary" onClick={() => setShown(false)} data-testid="licence-close">
            {t('close')}
          </Button>
        }
      >
        <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
        <Typography.Text strong>{t('pick')}</Typography.Text>
        <div style={{ margin: '4px 0 12px' }}>
          <Checkbox.Group
            value={picked}
            onChange={(v) => setPicked(v as string[])}
            options={open.map((m) => ({ value: m.name, label: `${m.name}（${m.licenceLabel ?? ''}）` }))}
            data-testid="licence-pick"
          />
        </div>
        <Typography.Text strong>{t('step1')}</Typography.Text>
        <div style={{ margin: '4px 0 12px' }}>
          <Space wrap>
            <Button onClick={() => void askPad()} disabled={!pickedTypes.length || busy} loading={waiting} data-testid="licence-ask-pad">
              {t('askPad')}
            </Button>
            <span>{t('orCode')}</span>
            <Input
              style={{ width: 210 }}
              value={code}
              placeholder={t('codePlaceholder')}
              maxLength={12}
              onChange={(e) => setCode(e.target.value)}
              data-testid="licence-code"
            />
            <Button onClick={() => void redeem()} disabled={!code.trim() || busy} data-testid="licence-redeem">
              {t('redeem')}
            </Button>
          </Space>
          {waiting && <Typography.Paragraph type="secondary">{t('waitingPad')}</Typography.Paragraph>}
          {consent && (
            <Alert
              style={{ marginTop: 8 }}
              type={consent.declined ? 'warning' : 'success'}
              showIcon
              data-testid="licence-consent"
              message={
                consent.declined
                  ? t('consentDeclined')
                  : t('consentOk', {
                      via: t(`via.${consent.via}`),
                      types: consent.licenceTypes.map((x) => eligible.find((m) => m.licenceType === x)?.licenceLabel ?? x).join('、'),
                      until: hallFmt.hm(consent.expiresAt),
                    })
              }
            />
          )}
        </div>
        <Typography.Text strong>{t('step2')}</Typography.Text>
        <div style={{ margin: '4px 0 12px' }}>
          <Button
            type="primary"
            disabled={!covered || !picked.length || busy}
            loading={busy && !waiting}
            onClick={() => void fetchAll()}
            data-testid="licence-fetch-go"
          >
            {t('fetch')}
          </Button>
        </div>
        {error && (
          <Alert
            type={down ? 'warning' : 'error'}
            showIcon
            data-testid="licence-error"
            message={down ? t('downTitle') : error}
            description={down ? t('downHint') : undefined}
            action={
              down || consent?.declined ? (
                <Button size="small" onClick={toPaper} data-testid="licence-to-paper">
                  {t('toPaper')}
                </Button>
              ) : undefined
            }
          />
        )}
        {consent?.declined && !error && (
          <Button style={{ marginTop: 8 }} onClick={toPaper} data-testid="licence-to-paper">
            {t('toPaper')}
          </Button>
        )}
        {fetched.length > 0 && (
          <List
            size="small"
            style={{ marginTop: 12 }}
            dataSource={fetched}
            renderItem={(m, i) => (
              <List.Item data-testid={`licence-fetched-${i}`}>
                <Descriptions
                  size="small"
                  column={2}
                  title={
                    <Space>
                      <Tag color="green">{t('fetched')}</Tag>
                      {m.name}
                    </Space>
                  }
                  items={[
                    { key: 'n', label: t('number'), children: m.fetched!.numberMasked },
                    { key: 'i', label: t('issuer'), children: m.fetched!.issuer },
                    { key: 'v', label: t('valid'), children: `${m.fetched!.validFrom} – ${m.fetched!.validTo ?? t('longTerm')}` },
                    { key: 'id', label: t('identifier'), children: <Typography.Text code>{m.fetched!.licenceId}</Typography.Text> },
                  ]}
                />
              </List.Item>
            )}
          />
        )}
      </Modal>
    </>
  );
}

/** The checklist's tag for a material that came electronically or fell back to paper. */
export function LicenceTag({ m }: { m: LicenceMaterial }) {
  const { t } = useTranslation('licences');
  if (m.fetched)
    return (
      <Tag color="green" title={m.fetched.licenceId} data-testid="mat-exempt">
        {t('exempt')}
      </Tag>
    );
  if (m.paperFallback) return <Tag color="orange">{t('paperTag')}</Tag>;
  return null;
}

/** A case's material line in the drawer: 免提交 with its identifier, or the paper fallback it records. */
export function CaseMaterialLicence({ m }: { m: { licence?: { licenceId: string }; paperFallback?: string } }) {
  const { t } = useTranslation('licences');
  if (m.licence)
    return (
      <Tag color="green" title={m.licence.licenceId} data-testid="drawer-mat-exempt">
        {t('exempt')} · {m.licence.licenceId}
      </Tag>
    );
  if (m.paperFallback === 'serviceDown') return <Tag color="orange">{t('paperTag')}</Tag>;
  return null;
}
