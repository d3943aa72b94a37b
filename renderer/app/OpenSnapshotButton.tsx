import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from './Icon.js';
import { openSnapshotFile } from './open-snapshot.js';

/** A toolbar button in front of a hidden file input: the picker way into a saved snapshot. */
export function OpenSnapshotButton() {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button
        type="button"
        className="button open-snapshot"
        // The text hides on narrow windows; the name must not.
        aria-label={t('snapshot.open')}
        title={t('snapshot.openHint')}
        data-testid="open-snapshot"
        onClick={() => input.current?.click()}
      >
        <Icon name="open" />
        <span className="button-text">{t('snapshot.open')}</span>
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        hidden
        tabIndex={-1}
        data-testid="open-snapshot-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          // Cleared so picking the same file again (after fixing it) fires a change.
          e.target.value = '';
          if (file) void openSnapshotFile(file);
        }}
      />
    </>
  );
}
