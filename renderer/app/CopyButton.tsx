import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon.js';

/** Copies one command; says whether it worked, politely, in place. */
export function CopyButton({ text }: { text: string }) {
  const { t } = useTranslation();
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(text);
      setState('copied');
    } catch {
      setState('failed');
    }
    setTimeout(() => setState('idle'), 1500);
  };
  const label =
    state === 'copied' ? t('inspector.copied') : state === 'failed' ? t('inspector.copyFailed') : t('inspector.copy');
  return (
    <button
      type="button"
      className="button copy"
      onClick={() => void copy()}
      aria-label={`${label}: ${text}`}
      title={label}
    >
      <Icon name={state === 'copied' ? 'check' : 'copy'} />
      <span aria-live="polite" className="copy-label">
        {label}
      </span>
    </button>
  );
}
