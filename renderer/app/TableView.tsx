import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../store/app-store.js';
import { buildTables } from './logic/table.js';

/**
 * The graph as tables (docs/visual.md, Interaction: "a table view as an equivalent of the
 * graph"): the current view's kinds, the same filters, search hits marked, and a row's
 * name selects it for the inspector just as a click on the canvas does.
 */
export function TableView() {
  const { t } = useTranslation();
  const topology = useAppStore((s) => s.topology);
  const view = useAppStore((s) => s.view);
  const filters = useAppStore((s) => s.filters);
  const search = useAppStore((s) => s.search);
  const selection = useAppStore((s) => s.selection);
  const select = useAppStore((s) => s.select);
  const tables = useMemo(
    () => (topology ? buildTables(topology, view, filters, search) : []),
    [topology, view, filters, search],
  );

  return (
    <div className="table-view" data-testid="table-view">
      {tables.map((table) => (
        <section key={table.key} aria-labelledby={`table-${table.key}`} data-table={table.key}>
          <h2 id={`table-${table.key}`}>
            {t(`table.${table.key}`)} <span className="muted">{table.rows.length}</span>
          </h2>
          {table.rows.length === 0 ? (
            <p className="muted">{t('table.none')}</p>
          ) : (
            <table>
              <thead>
                <tr>
                  {table.columns.map((c) => (
                    <th key={c} scope="col">
                      {t(c)}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((r) => (
                  <tr
                    key={r.id}
                    data-id={r.id}
                    aria-selected={selection === r.id}
                    className={[r.hit ? 'hit' : '', `state-${r.state}`].join(' ')}
                  >
                    <th scope="row">
                      <button type="button" className="row-link" onClick={() => select(r.id)}>
                        {r.cells[0]}
                      </button>
                    </th>
                    {r.cells.slice(1).map((c, i) => (
                      <td key={i}>{c}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </div>
  );
}
