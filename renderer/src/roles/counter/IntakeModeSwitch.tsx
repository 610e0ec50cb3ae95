// 单个事项 or 一件事 (and 办不成事登记 at the hall's 办不成事 window): the clerk switches the intake
// form; each keeps its own state while hidden (a half-filled single-item form survives a look at a package).
import { useEffect, useState, type ReactNode } from 'react';
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { PackageIntakePanel } from './PackageIntakePanel';
import { ProblemDeskPanel } from './ProblemDeskPanel';
import { core } from '../../bridge/coreBridge';
import type { CaseResult } from '../../../../domain/contract/core';

export function IntakeModeSwitch({ single, onDone }: { single: ReactNode; onDone: (r: CaseResult) => void }) {
  const { t } = useTranslation('packages');
  const [mode, setMode] = useState<'single' | 'package' | 'problem'>('single');
  const [desk, setDesk] = useState(false);
  useEffect(() => {
    void core['problems.desk']({})
      .then((d) => setDesk(d.problemDesk))
      .catch(() => setDesk(false));
  }, []);
  return (
    <>
      <Segmented
        block
        value={mode}
        onChange={(v) => setMode(v as typeof mode)}
        options={[
          { value: 'single', label: <span data-testid="mode-single">{t('mode.single')}</span> },
          { value: 'package', label: <span data-testid="mode-package">{t('mode.package')}</span> },
          ...(desk ? [{ value: 'problem', label: <span data-testid="mode-problem">{t('mode.problem')}</span> }] : []),
        ]}
      />
      <div style={{ display: mode === 'single' ? 'block' : 'none' }}>{single}</div>
      <div style={{ display: mode === 'package' ? 'block' : 'none' }}>
        <PackageIntakePanel onDone={onDone} />
      </div>
      {desk && (
        <div style={{ display: mode === 'problem' ? 'block' : 'none' }}>
          <ProblemDeskPanel />
        </div>
      )}
    </>
  );
}
