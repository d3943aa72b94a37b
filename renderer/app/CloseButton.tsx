import { Icon } from './Icon.js';

/** The ✕ of a panel or card: an icon button whose name (and tooltip) says what it closes. */
export function CloseButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" className="button icon-only" aria-label={label} title={label} onClick={onClick}>
      <Icon name="close" />
    </button>
  );
}
