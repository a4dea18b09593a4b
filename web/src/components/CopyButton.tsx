import { Button, Tooltip } from '@fluentui/react-components';
import { CheckmarkRegular, CopyRegular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import { useT } from '../i18n/index.tsx';

/**
 * Copies `value` with navigator.clipboard and announces the result in a live region (screen
 * readers hear "Copied to clipboard"); `label` names what is copied ("Copy Reservation ID").
 */
export function CopyButton({ value, label }: { value: string; label?: string }) {
  const t = useT();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState('copied');
    } catch {
      setState('failed');
    }
  };
  const name = label ?? t('shell.copy.label');
  return (
    <>
      <Tooltip content={name} relationship="label" withArrow>
        <Button appearance="subtle" size="small" icon={state === 'copied' ? <CheckmarkRegular /> : <CopyRegular />} onClick={copy} data-copy-value={value} />
      </Tooltip>
      <span role="status" aria-live="polite" style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)', whiteSpace: 'nowrap' }}>
        {state === 'copied' ? t('shell.copy.copied') : state === 'failed' ? t('shell.copy.failed') : ''}
      </span>
    </>
  );
}
