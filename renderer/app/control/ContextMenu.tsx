import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { TopologyIndex } from '../../../core/common/topology-index.js';
import { menuItemsFor, type MenuItem } from '../../control/menu-items.js';
import { useAppStore } from '../../store/app-store.js';
import { controlsShown } from '../../store/commands.js';

/**
 * The graph's context menu (right click, the Menu key, Shift+F10, or the inspector's
 * Actions button): what can be done to the element, or on the empty canvas. A WAI-ARIA
 * menu: arrows move, Enter runs, Escape closes and focus returns where it came from.
 */
export function ContextMenu() {
  const { t } = useTranslation();
  const menu = useAppStore((s) => s.menu);
  const topology = useAppStore((s) => s.topology);
  const shown = useAppStore(controlsShown);
  const closeMenu = useAppStore((s) => s.closeMenu);
  const ref = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<{ left: number; top: number } | null>(null);

  const index = topology ? TopologyIndex.of(topology) : null;
  const items: MenuItem[] = menu && index ? menuItemsFor(index, menu.target, shown) : [];
  const title = menu?.target && index ? index.labelOf(menu.target) : '';
  const open = menu !== null && items.length > 0;

  const close = (): void => {
    const back = menu?.returnFocus;
    closeMenu();
    back?.focus();
  };

  // Kept inside the window: a menu opened near the right or bottom edge opens the other way.
  useLayoutEffect(() => {
    if (!open || !menu || !ref.current) return;
    const r = ref.current.getBoundingClientRect();
    setPlace({
      left: Math.max(4, Math.min(menu.x, window.innerWidth - r.width - 4)),
      top: Math.max(4, Math.min(menu.y, window.innerHeight - r.height - 4)),
    });
    ref.current.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
  }, [open, menu]);

  useEffect(() => {
    if (!open) return;
    const away = (e: PointerEvent): void => {
      if (!ref.current?.contains(e.target as Node)) closeMenu();
    };
    // Escape closes an open menu wherever the focus is (a key pressed before the menu took it).
    const escape = (e: globalThis.KeyboardEvent): void => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      e.stopPropagation();
      const back = useAppStore.getState().menu?.returnFocus;
      closeMenu();
      back?.focus();
    };
    document.addEventListener('pointerdown', away);
    document.addEventListener('keydown', escape, true);
    return () => {
      document.removeEventListener('pointerdown', away);
      document.removeEventListener('keydown', escape, true);
    };
  }, [open, closeMenu]);

  if (!open) return null;

  const run = (item: MenuItem): void => {
    const s = useAppStore.getState();
    s.closeMenu();
    if ('dialog' in item.action) s.openDialog(item.action.dialog);
    else if ('reach' in item.action) s.openReach(item.action.reach.src);
    else if ('matrix' in item.action) void s.openMatrix(null);
    else {
      const { method, params, targets } = item.action.direct;
      void s.perform(method, params, targets);
    }
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const all = [...(ref.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const at = all.indexOf(document.activeElement as HTMLElement);
    const move = (to: number): void => {
      e.preventDefault();
      all[(to + all.length) % all.length]?.focus();
    };
    if (e.key === 'ArrowDown') move(at + 1);
    else if (e.key === 'ArrowUp') move(at - 1);
    else if (e.key === 'Home') move(0);
    else if (e.key === 'End') move(all.length - 1);
    else if (e.key === 'Tab') {
      e.preventDefault();
      close();
    }
  };

  const safe = items.filter((i) => !i.danger);
  const danger = items.filter((i) => i.danger);
  const entry = (item: MenuItem) => (
    <button
      key={item.key}
      type="button"
      role="menuitem"
      tabIndex={-1}
      className={`button menu-item ${item.danger ? 'danger' : ''}`}
      data-action={item.key}
      onClick={() => run(item)}
    >
      {item.values ? t(item.label, item.values) : t(item.label)}
    </button>
  );
  return (
    <div
      ref={ref}
      className="context-menu"
      role="menu"
      aria-label={title ? `${t('control.menu.label')}: ${title}` : t('control.menu.label')}
      data-testid="context-menu"
      style={place ? { left: place.left, top: place.top } : { left: menu.x, top: menu.y, visibility: 'hidden' }}
      onKeyDown={onKeyDown}
    >
      {title && (
        <p className="menu-title" aria-hidden="true">
          {title}
        </p>
      )}
      {safe.map(entry)}
      {safe.length > 0 && danger.length > 0 && <div role="separator" className="menu-separator" />}
      {danger.map(entry)}
    </div>
  );
}
