import { useMemo, useState } from 'react';
import { verdictWord } from '../logic/reach-words.js';
import { CloseButton } from '../CloseButton.js';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/app-store.js';
import type { Matrix } from '../../store/reach.js';

/** Each verdict has its own mark as well as its colour. */
export const VERDICT_MARK: Record<string, string> = {
  reachable: '✓',
  blocked: '✕',
  'no-route': '∅',
  refused: '⊘',
  'not-running': '–',
};

type Pair = Matrix['pairs'][number];

/**
 * Who reaches whom: every running container against every other, by each of its
 * addresses (icmp, and tcp to a port when asked), and what each resolves every name to.
 * A cell opens its walk in the diagnosis panel.
 */
export function MatrixView() {
  const { t } = useTranslation();
  const matrix = useAppStore((s) => s.matrix);
  const openMatrix = useAppStore((s) => s.openMatrix);
  const closeMatrix = useAppStore((s) => s.closeMatrix);
  const openReach = useAppStore((s) => s.openReach);
  const [tab, setTab] = useState<'addresses' | 'names'>('addresses');
  const [port, setPort] = useState(matrix?.port === null || matrix?.port === undefined ? '' : String(matrix.port));

  const grid = useMemo(() => {
    const pairs = matrix?.result?.pairs ?? [];
    const names = matrix?.result?.names ?? [];
    const senders = [...new Set([...pairs.map((p) => p.src), ...names.map((n) => n.src)])].sort();
    const cells = new Map<string, Pair[]>();
    for (const p of pairs) cells.set(`${p.src}\n${p.dst}`, [...(cells.get(`${p.src}\n${p.dst}`) ?? []), p]);
    const asked = [...new Set(names.map((n) => n.name))].sort();
    const answers = new Map(names.map((n) => [`${n.src}\n${n.name}`, n]));
    return { senders, cells, asked, answers };
  }, [matrix]);

  if (!matrix) return null;
  const verdict = (v: string): string => verdictWord(t, v);
  const apply = (): void => {
    const n = Number(port);
    void openMatrix(port !== '' && Number.isInteger(n) && n >= 1 && n <= 65535 ? n : null);
  };
  return (
    <section className="matrix-view" aria-labelledby="matrix-title" data-testid="matrix-view">
      <header className="matrix-head">
        <h2 id="matrix-title">{t('reach.matrixTitle')}</h2>
        <div role="tablist" className="segmented">
          {(['addresses', 'names'] as const).map((k) => (
            <button
              key={k}
              type="button"
              role="tab"
              aria-selected={tab === k}
              className="button"
              onClick={() => setTab(k)}
            >
              {t(k === 'addresses' ? 'reach.matrixAddresses' : 'reach.matrixNames')}
            </button>
          ))}
        </div>
        <form
          className="matrix-port"
          onSubmit={(e) => {
            e.preventDefault();
            apply();
          }}
        >
          <label>
            <span>{t('reach.matrixPort')}</span>
            <input type="number" min={1} max={65535} value={port} onChange={(e) => setPort(e.target.value)} />
          </label>
          <button type="submit" className="button">
            {t('reach.matrixApply')}
          </button>
        </form>
        <CloseButton label={t('reach.close')} onClick={closeMatrix} />
      </header>
      <p className="muted small">{tab === 'addresses' ? t('reach.matrixHint') : t('reach.matrixNamesHint')}</p>
      {tab === 'addresses' && (
        <ul className="matrix-key small" aria-label={t('reach.matrixKey')}>
          {Object.entries(VERDICT_MARK).map(([v, mark]) => (
            <li key={v} className={`cell verdict-${v}`}>
              <span aria-hidden="true">{mark}</span> {verdict(v)}
            </li>
          ))}
        </ul>
      )}
      {matrix.pending && <p className="muted">{t('reach.matrixLoading')}</p>}
      {matrix.error && (
        <p className="reach-error" role="alert">
          {t('reach.error', { message: matrix.error.message })}
        </p>
      )}
      {matrix.result && grid.senders.length === 0 && <p className="muted">{t('reach.matrixEmpty')}</p>}
      {matrix.result && grid.senders.length > 0 && (
        <div className="matrix-scroll">
          <table className="matrix" data-testid={tab === 'addresses' ? 'matrix-addresses' : 'matrix-names'}>
            <thead>
              <tr>
                <th scope="col" className="matrix-corner">
                  {t(tab === 'addresses' ? 'reach.matrixSender' : 'reach.matrixAsker')}
                </th>
                {(tab === 'addresses' ? grid.senders : grid.asked).map((c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {grid.senders.map((src) => (
                <tr key={src}>
                  <th scope="row">{src}</th>
                  {tab === 'addresses'
                    ? grid.senders.map((dst) => (
                        <td key={dst} className={dst === src ? 'self' : ''}>
                          {(grid.cells.get(`${src}\n${dst}`) ?? []).map((p) => (
                            <button
                              key={`${p.address}/${p.proto}`}
                              type="button"
                              className={`cell verdict-${p.verdict}`}
                              data-src={p.src}
                              data-dst={p.dst}
                              data-verdict={p.verdict}
                              title={p.deciding ?? ''}
                              aria-label={t('reach.cell', {
                                src: p.src,
                                dst: p.dst,
                                address: p.address,
                                proto: p.port ? `${p.proto}/${p.port}` : p.proto,
                                verdict: verdict(p.verdict),
                              })}
                              onClick={() => {
                                closeMatrix();
                                openReach(p.src, p.address, {
                                  proto: p.proto,
                                  port: p.port,
                                  by: 'ip',
                                });
                              }}
                            >
                              <span aria-hidden="true">{VERDICT_MARK[p.verdict]}</span> {p.address}
                              {p.port ? ` :${p.port}` : ''}
                            </button>
                          ))}
                        </td>
                      ))
                    : grid.asked.map((name) => {
                        const a = grid.answers.get(`${src}\n${name}`);
                        if (!a) return <td key={name} className="self" />;
                        const answer = a.address
                          ? `${a.address} (${t(`reach.via.${a.via ?? 'embedded-dns'}`)})`
                          : t('reach.noAnswer');
                        return (
                          <td key={name}>
                            <button
                              type="button"
                              className={`cell ${a.address ? 'verdict-reachable' : 'verdict-no-route'}`}
                              aria-label={t('reach.nameCell', { src, name, answer })}
                              onClick={() => {
                                closeMatrix();
                                openReach(src, name, { proto: 'icmp', port: null, by: 'name' });
                              }}
                            >
                              {answer}
                            </button>
                          </td>
                        );
                      })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
