import type { ReactNode } from 'react';
import { useDialogFields } from './dialog-context.js';

/** Ids and ARIA wiring shared by every field: its label, its hint, its error. */
function useFieldIds(field: string): { id: string; describedBy: string | undefined; error: string | null } {
  const { errorFor, idPrefix } = useDialogFields();
  const id = `${idPrefix}-${field.replace(/[^a-zA-Z0-9]/g, '-')}`;
  const error = errorFor(field);
  return { id, describedBy: error ? `${id}-error` : undefined, error };
}

/** What a labelled input needs to be wired to its label, hint and error. */
interface Wiring {
  id: string;
  name: string;
  'aria-invalid': true | undefined;
  'aria-describedby': string | undefined;
}

/** A label above an input, the hint under it, then the error: the frame every text and select field shares. */
function LabelledField({
  field,
  label,
  hint,
  children,
}: {
  field: string;
  label: string;
  hint?: string;
  children: (wiring: Wiring) => ReactNode;
}) {
  const { id, describedBy, error } = useFieldIds(field);
  const hintId = hint ? `${id}-hint` : undefined;
  const wiring: Wiring = {
    id,
    name: field,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': [hintId, describedBy].filter(Boolean).join(' ') || undefined,
  };
  return (
    <div className={`field ${error ? 'invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children(wiring)}
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
      <FieldError id={id} error={error} />
    </div>
  );
}

function FieldError({ id, error }: { id: string; error: string | null }) {
  if (!error) return null;
  return (
    <p className="field-error" id={`${id}-error`} data-testid="field-error">
      {error}
    </p>
  );
}

export function TextField({
  field,
  label,
  value,
  onChange,
  placeholder,
  hint,
  mono,
  autoFocus,
  inputMode,
}: {
  /** The param this input fills, as the server names it in `details.field`. */
  field: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  placeholder?: string;
  hint?: string;
  mono?: boolean;
  autoFocus?: boolean;
  inputMode?: 'numeric' | 'text';
}) {
  return (
    <LabelledField field={field} label={label} hint={hint}>
      {(wiring) => (
        <input
          {...wiring}
          type="text"
          value={value}
          placeholder={placeholder}
          spellCheck={false}
          autoComplete="off"
          autoFocus={autoFocus}
          inputMode={inputMode}
          className={mono ? 'mono' : undefined}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </LabelledField>
  );
}

export function SelectField<T extends string>({
  field,
  label,
  value,
  options,
  onChange,
  hint,
}: {
  field: string;
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  hint?: string;
}) {
  return (
    <LabelledField field={field} label={label} hint={hint}>
      {(wiring) => (
        <select {...wiring} value={value} onChange={(e) => onChange(e.target.value as T)}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </LabelledField>
  );
}

export function CheckField({
  field,
  label,
  checked,
  onChange,
  hint,
}: {
  field: string;
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: string;
}) {
  const { id, error } = useFieldIds(field);
  return (
    <div className={`field check-field ${error ? 'invalid' : ''}`}>
      <label className="check" htmlFor={id}>
        <input
          id={id}
          name={field}
          type="checkbox"
          checked={checked}
          aria-invalid={error ? true : undefined}
          onChange={(e) => onChange(e.target.checked)}
        />
        {label}
      </label>
      {hint && <p className="field-hint">{hint}</p>}
      <FieldError id={id} error={error} />
    </div>
  );
}

/** Fields that belong together, e.g. the addressing of a network. */
export function FieldGroup({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className="field-group">
      <legend>{legend}</legend>
      {children}
    </fieldset>
  );
}
