// 单个事项 or 一件事: the clerk switches the intake form; each keeps its own state while hidden
// (a half-filled single-item form survives a look at a package).
import { useState, type ReactNode } from 'react';
import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { PackageIntakePanel } from './PackageIntakePanel';
import type { CaseResult } from '../../../../domain/contract/core';

export function IntakeModeSwitch({ single, onDone }: { single: ReactNode; onDone: (r: CaseResult) => void }) {
  const { t } = useTranslation('packages');
  const [mode, setMode] = useState<'single' | 'package'>('single');
  return (
    <>
      <Segmented
        block
        value={mode}
        onChange={(v) => setMode(v as 'single' | 'package')}
        options={[
          { value: 'single', label: <span data-testid="mode-single">{t('mode.single')}</span> },
          { value: 'package', label: <span data-testid="mode-package">{t('mode.package')}</span> },
        ]}
      />
      <div style={{ display: mode === 'single' ? 'block' : 'none' }}>{single}</div>
      <div style={{ display: mode === 'package' ? 'block' : 'none' }}>
        <PackageIntakePanel onDone={onDone} />
      </div>
    </>
  );
}
