import { useId, useMemo, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/app-store.js';
import { searchTopology } from '../store/search.js';
import { graphHandle } from '../graph/graph-handle.js';
import { Icon } from './Icon.js';
import { withOwningContainers } from './logic/search-owners.js';

const MAX_RESULTS = 12;

/** A combobox: type a name, IP, MAC or port; arrows pick, Enter selects and centres. */
export function SearchBox() {
  const { t } = useTranslation();
  const topology = useAppStore((s) => s.topology);
  const text = useAppStore((s) => s.search);
  const setSearch = useAppStore((s) => s.setSearch);
  const select = useAppStore((s) => s.select);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const listId = useId();

  const results = useMemo(
    () =>
      topology && text.trim()
        ? withOwningContainers(searchTopology(topology, text.trim()), topology).slice(0, MAX_RESULTS)
        : [],
    [topology, text],
  );
  const shown = open && text.trim().length > 0;

  const choose = (index: number): void => {
    const r = results[index];
    if (!r) return;
    select(r.id);
    setOpen(false);
    // Let the graph apply the selection first, then move the camera.
    requestAnimationFrame(() => graphHandle()?.centreOn(r.id));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>): void => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      setOpen(true);
      const step = e.key === 'ArrowDown' ? 1 : -1;
      setActive((a) => (results.length ? (a + step + results.length) % results.length : 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      choose(active);
    } else if (e.key === 'Escape') {
      if (shown) setOpen(false);
      else setSearch('');
    }
  };

  return (
    <div className="search">
      <label className="search-field">
        <Icon name="search" />
        <span className="visually-hidden">{t('toolbar.search')}</span>
        <input
          type="search"
          role="combobox"
          aria-expanded={shown}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={shown && results[active] ? `${listId}-${active}` : undefined}
          placeholder={t('toolbar.searchPlaceholder')}
          value={text}
          spellCheck={false}
          autoComplete="off"
          data-testid="search"
          onChange={(e) => {
            setSearch(e.target.value);
            setActive(0);
            setOpen(true);
          }}
          onFocus={() => setOpen(true)}
          onBlur={() => setTimeout(() => setOpen(false), 150)}
          onKeyDown={onKeyDown}
        />
      </label>
      {shown && (
        <ul id={listId} role="listbox" className="search-results" aria-label={t('toolbar.search')}>
          {results.length === 0 && <li className="search-empty">{t('toolbar.searchNoResults')}</li>}
          {results.map((r, i) => (
            <li
              key={r.id}
              id={`${listId}-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? 'active' : undefined}
              data-id={r.id}
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => choose(i)}
              onMouseEnter={() => setActive(i)}
            >
              <span className="result-label">{r.label}</span>
              <span className="result-kind">{t(`kind.${r.kind}`)}</span>
              <span className="result-why">{r.why}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
