import type { AppIcon } from './Icon.js';
import { Icon } from './Icon.js';

/**
 * One toolbar button: an icon and its word (a shorter word too, for narrow windows), the
 * word as its accessible name, the hint as its tooltip, and `pressed` for a toggle.
 */
export function ToolbarButton({
  icon,
  label,
  short,
  hint,
  pressed,
  testId,
  compact = true,
  onClick,
}: {
  icon: AppIcon;
  label: string;
  /** Shown instead of `label` when the toolbar is narrow (styles.css, .button-text.short). */
  short?: string;
  hint: string;
  pressed?: boolean;
  testId?: string;
  compact?: boolean;
  onClick: () => void;
}) {
  return (
    <button
      type="button"
      className={compact ? 'button compact' : 'button'}
      aria-label={label}
      aria-pressed={pressed}
      title={hint}
      data-testid={testId}
      onClick={onClick}
    >
      <Icon name={icon} />
      {short ? (
        <>
          <span className="button-text long">{label}</span>
          <span className="button-text short">{short}</span>
        </>
      ) : (
        <span className="button-text">{label}</span>
      )}
    </button>
  );
}
