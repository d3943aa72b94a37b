import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { NetworkNode, NodeKind } from '../../core/model/types.js';
import { useAppStore } from '../store/app-store.js';
import { DEFAULT_FILTERS } from '../store/filters.js';
import { Icon } from './Icon.js';
import { NODE_KINDS } from './logic/node-counts.js';
import { Menu } from './Menu.js';

const collator = new Intl.Collator('en', { numeric: true });

/** Toggles one value of an "empty = all" list against everything there is. */
function toggleAll<T>(selected: T[], all: T[], value: T): T[] {
  const current = selected.length === 0 ? all : selected;
  const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
  return next.length === all.length ? [] : next;
}

export function FiltersMenu() {
  const { t } = useTranslation();
  const topology = useAppStore((s) => s.topology);
  const filters = useAppStore((s) => s.filters);
  const setFilters = useAppStore((s) => s.setFilters);

  const networks = useMemo(
    () =>
      (topology?.nodes ?? [])
        .filter((n): n is NetworkNode => n.kind === 'network')
        .sort((a, b) => collator.compare(a.name, b.name)),
    [topology],
  );
  const states = useMemo(
    () => [...new Set((topology?.nodes ?? []).flatMap((n) => (n.kind === 'container' ? [n.state] : [])))].sort(),
    [topology],
  );
  const active =
    filters.networks.length +
    filters.states.length +
    filters.hiddenKinds.filter((k) => !DEFAULT_FILTERS.hiddenKinds.includes(k)).length;
  const label = active ? t('toolbar.filtersActive', { count: active }) : t('toolbar.filters');
  const netIds = networks.map((n) => n.id);

  return (
    <Menu
      label={label}
      className="filters"
      summary={
        <>
          <Icon name="filter" />
          <span className="button-text">{label}</span>
        </>
      }
    >
      <fieldset>
        <legend>{t('toolbar.filterKinds')}</legend>
        {NODE_KINDS.map((kind: NodeKind) => (
          <label key={kind} className="check">
            <input
              type="checkbox"
              checked={!filters.hiddenKinds.includes(kind)}
              onChange={() =>
                setFilters({
                  hiddenKinds: filters.hiddenKinds.includes(kind)
                    ? filters.hiddenKinds.filter((k) => k !== kind)
                    : [...filters.hiddenKinds, kind],
                })
              }
            />
            {t(`kinds.${kind}`)}
          </label>
        ))}
      </fieldset>
      {networks.length > 0 && (
        <fieldset>
          <legend>{t('toolbar.filterNetworks')}</legend>
          {networks.map((n) => (
            <label key={n.id} className="check">
              <input
                type="checkbox"
                checked={filters.networks.length === 0 || filters.networks.includes(n.id)}
                onChange={() => setFilters({ networks: toggleAll(filters.networks, netIds, n.id) })}
              />
              {n.name}
            </label>
          ))}
        </fieldset>
      )}
      {states.length > 0 && (
        <fieldset>
          <legend>{t('toolbar.filterStates')}</legend>
          {states.map((s) => (
            <label key={s} className="check">
              <input
                type="checkbox"
                checked={filters.states.length === 0 || filters.states.includes(s)}
                onChange={() => setFilters({ states: toggleAll(filters.states, states, s) })}
              />
              {s}
            </label>
          ))}
        </fieldset>
      )}
      <button
        type="button"
        className="button link"
        onClick={() => setFilters({ networks: [], states: [], hiddenKinds: [] })}
      >
        {t('toolbar.filterReset')}
      </button>
    </Menu>
  );
}
