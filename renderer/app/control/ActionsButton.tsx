import { useTranslation } from 'react-i18next';
import { TopologyIndex } from '../../../core/common/topology-index.js';
import { menuItemsFor } from '../../control/menu-items.js';
import { useAppStore } from '../../store/app-store.js';
import { controlsShown } from '../../store/commands.js';
import { Icon } from '../Icon.js';

/** The keyboard's way to the context menu of the selected element, beside its name in the inspector. */
export function ActionsButton({ id }: { id: string | null }) {
  const { t } = useTranslation();
  const shown = useAppStore(controlsShown);
  const topology = useAppStore((s) => s.topology);
  const openMenu = useAppStore((s) => s.openMenu);
  // Read-only, the menu holds only the question, which the inspector offers as its own button.
  if (!shown || !topology || !id || menuItemsFor(TopologyIndex.of(topology), id).length === 0) return null;
  return (
    <button
      type="button"
      className="button"
      aria-haspopup="menu"
      data-testid="element-actions"
      onClick={(e) => {
        const r = e.currentTarget.getBoundingClientRect();
        openMenu({ x: r.left, y: r.bottom + 4, target: id, returnFocus: e.currentTarget });
      }}
    >
      <Icon name="more" />
      {t('control.menu.actions')}
    </button>
  );
}
