import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/app-store.js';
import { graphHandle } from '../graph/graph-handle.js';
import { buildTree, flatten, moveFocus, peerRow, type TreeItem } from './logic/tree.js';

/**
 * The graph as a tree for keyboard and screen-reader users (docs/visual.md): host → bridges →
 * containers → interfaces, one tab stop (roving tabindex). It is visually hidden until it
 * has focus, then a caption over the canvas names the focused row.
 */
export function KeyboardTree() {
  const { t } = useTranslation();
  const topology = useAppStore((s) => s.topology);
  const select = useAppStore((s) => s.select);
  const pin = useAppStore((s) => s.pin);
  const openMenu = useAppStore((s) => s.openMenu);
  const flat = useMemo(() => (topology ? flatten(buildTree(topology)) : []), [topology]);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const [hasFocus, setHasFocus] = useState(false);
  const rows = useRef(new Map<string, HTMLLIElement>());

  const index = Math.max(
    0,
    flat.findIndex((f) => f.item.key === focusKey),
  );
  const current = flat[index]?.item;

  useEffect(() => {
    if (hasFocus && current) rows.current.get(current.key)?.focus();
  }, [hasFocus, current]);

  // Tabbing in lands on what is selected (a search, a click), not where the tree was left.
  const selection = useAppStore((s) => s.selection);
  useEffect(() => {
    if (hasFocus || !selection) return;
    const row = flat.find((f) => f.item.id === selection);
    if (row) setFocusKey(row.item.key);
  }, [selection, flat, hasFocus]);

  const focusedId = hasFocus ? (current?.id ?? null) : null;
  const setFocusRing = useAppStore((s) => s.setFocusRing);
  useEffect(() => setFocusRing(focusedId), [focusedId, setFocusRing]);

  if (!topology || flat.length === 0) return null;

  const textOf = (item: TreeItem): string => t(item.text.key, item.text.values).trim();

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>): void => {
    const to = moveFocus(flat, index, e.key);
    if (to !== null) {
      e.preventDefault();
      setFocusKey(flat[to]?.item.key ?? null);
      return;
    }
    const key = e.key.toLowerCase();
    if (key === 'p') {
      const peer = peerRow(flat, index, topology);
      if (peer !== null) setFocusKey(flat[peer]?.item.key ?? null);
      // The peer may be a host-side veth the tree does not list: select it so the graph shows it.
      if (current?.peer) select(current.peer);
    } else if (e.key === 'Enter' || e.key === ' ') {
      if (current?.id) {
        select(current.id);
        graphHandle()?.centreOn(current.id);
      }
    } else if (e.key === 'ContextMenu' || (e.key === 'F10' && e.shiftKey)) {
      // The context menu of the row's element (or of the canvas for a grouping row), beside the row.
      // The tree is off screen: the menu opens at the element on the canvas.
      const row = current ? rows.current.get(current.key) : undefined;
      const at = (current?.id && graphHandle()?.screenPointOf(current.id)) || { x: 48, y: 96 };
      openMenu({ ...at, target: current?.id ?? null, returnFocus: row ?? null });
    } else if (e.key === 'Escape') {
      select(null);
      pin(null);
    } else if (e.key === '+' || e.key === '=') graphHandle()?.zoomBy(1.25);
    else if (e.key === '-' || e.key === '_') graphHandle()?.zoomBy(0.8);
    else if (e.key === '0') graphHandle()?.fit();
    else return;
    e.preventDefault();
  };

  const render = (item: TreeItem, level: number) => {
    const isCurrent = item.key === current?.key;
    return (
      <li
        key={item.key}
        role="treeitem"
        aria-level={level}
        aria-expanded={item.children.length ? true : undefined}
        aria-selected={isCurrent}
        tabIndex={isCurrent ? 0 : -1}
        data-id={item.id ?? undefined}
        ref={(el) => {
          if (el) rows.current.set(item.key, el);
          else rows.current.delete(item.key);
        }}
        onFocus={(e) => {
          // Stopped here so a parent row does not take the focus key; the tree still has focus.
          e.stopPropagation();
          setHasFocus(true);
          if (!isCurrent) setFocusKey(item.key);
        }}
      >
        <span>{textOf(item)}</span>
        {item.children.length > 0 && <ul role="group">{item.children.map((c) => render(c, level + 1))}</ul>}
      </li>
    );
  };

  return (
    <>
      <ul
        role="tree"
        aria-label={t('tree.label')}
        className="keyboard-tree visually-hidden"
        data-testid="keyboard-tree"
        onKeyDown={onKeyDown}
        onFocus={() => setHasFocus(true)}
        onBlur={(e) => {
          if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setHasFocus(false);
        }}
      >
        {flat[0] && render(flat[0].item, 1)}
      </ul>
      {hasFocus && current && (
        <p className="tree-caption" aria-hidden="true">
          {t('tree.focused', { name: textOf(current) })}
          <span className="muted"> · ↑↓ ← → · P · Enter · Esc · + − 0</span>
        </p>
      )}
    </>
  );
}
