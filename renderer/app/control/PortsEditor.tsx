import { useTranslation } from 'react-i18next';
import { emptyPortRow, type PortRow } from '../../control/form-values.js';
import { useDialogFields } from './dialog-context.js';

/** Rows of `-p hostIp:hostPort:containerPort/proto`; each box answers to its own field (`publish.0.hostPort`). */
export function PortsEditor({
  field,
  rows,
  onChange,
}: {
  field: string;
  rows: PortRow[];
  onChange: (rows: PortRow[]) => void;
}) {
  const { t } = useTranslation();
  const { errorFor, idPrefix } = useDialogFields();
  const set = (i: number, patch: Partial<PortRow>): void =>
    onChange(rows.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const whole = errorFor(field);
  return (
    <fieldset className={`field-group ports ${whole ? 'invalid' : ''}`}>
      <legend>{t('control.fields.publish')}</legend>
      {rows.map((row, i) => {
        const at = `${field}.${i}`;
        const box = (name: keyof PortRow) => ({
          id: `${idPrefix}-${field}-${i}-${name}`,
          name: `${at}.${name}`,
          'aria-invalid': errorFor(`${at}.${name}`) ? true : undefined,
        });
        const rowError =
          errorFor(`${at}.hostIp`) ?? errorFor(`${at}.hostPort`) ?? errorFor(`${at}.containerPort`) ?? errorFor(at);
        return (
          <div className="port-row" key={i} role="group" aria-label={t('control.ports.row', { n: i + 1 })}>
            <label>
              <span>{t('control.ports.hostIp')}</span>
              <input
                {...box('hostIp')}
                className="mono"
                value={row.hostIp}
                placeholder="0.0.0.0"
                spellCheck={false}
                onChange={(e) => set(i, { hostIp: e.target.value })}
              />
            </label>
            <label>
              <span>{t('control.ports.hostPort')}</span>
              <input
                {...box('hostPort')}
                inputMode="numeric"
                value={row.hostPort}
                placeholder={t('control.ports.anyPort')}
                onChange={(e) => set(i, { hostPort: e.target.value })}
              />
            </label>
            <span className="port-arrow" aria-hidden="true">
              →
            </span>
            <label>
              <span>{t('control.ports.containerPort')}</span>
              <input
                {...box('containerPort')}
                inputMode="numeric"
                value={row.containerPort}
                placeholder="80"
                onChange={(e) => set(i, { containerPort: e.target.value })}
              />
            </label>
            <label>
              <span>{t('control.ports.proto')}</span>
              <select value={row.proto} onChange={(e) => set(i, { proto: e.target.value as PortRow['proto'] })}>
                <option value="tcp">tcp</option>
                <option value="udp">udp</option>
              </select>
            </label>
            <button
              type="button"
              className="button icon-only"
              aria-label={t('control.ports.removeRow', { n: i + 1 })}
              title={t('control.ports.removeRow', { n: i + 1 })}
              onClick={() => onChange(rows.length > 1 ? rows.filter((_, j) => j !== i) : [emptyPortRow()])}
            >
              ×
            </button>
            {rowError && (
              <p className="field-error" data-testid="field-error">
                {rowError}
              </p>
            )}
          </div>
        );
      })}
      <button type="button" className="button link" onClick={() => onChange([...rows, emptyPortRow()])}>
        {t('control.ports.addRow')}
      </button>
      {whole && (
        <p className="field-error" data-testid="field-error">
          {whole}
        </p>
      )}
    </fieldset>
  );
}
