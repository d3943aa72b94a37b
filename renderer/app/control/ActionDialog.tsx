import { useEffect, useId, useMemo, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { parseParams, type ActionMethodName, type ParamsOf, type Preview } from '../../../core/protocol/commands.js';
import type { MethodName, Methods, ProtocolError } from '../../../core/protocol/messages.js';
import { errorText, warningText, type ErrorText } from '../../control/error-text.js';
import { useAppStore } from '../../store/app-store.js';
import { CopyButton } from '../CopyButton.js';
import { DialogFieldsContext } from './dialog-context.js';

/** How long typing must pause before the preview is asked for again. */
const PREVIEW_PAUSE_MS = 150;

export interface ActionDialogProps<M extends ActionMethodName> {
  title: string;
  /** A sentence under the title: what this does, in plain words. */
  intro?: ReactNode;
  method: M;
  /** The params as the form holds them now. */
  params: ParamsOf<M>;
  /** The confirm button's name (Connect, Create, Run…) and its label while the action runs. */
  confirmLabel: string;
  busyLabel: string;
  danger?: boolean;
  /** Model ids the graph shows busy while it runs. */
  targets: string[];
  /** What confirm sends, when it differs from `method` and `params` (publish adds confirm, undo its id). */
  send?: { method: MethodName; params: unknown };
  /** A preview from elsewhere (undo previews the inverse); by default `action.preview` of method and params. */
  previewOf?: { method: ActionMethodName; params: unknown } | null;
  testId: string;
  children?: ReactNode;
}

type PreviewState = { kind: 'idle' } | { kind: 'ready'; preview: Preview } | { kind: 'error'; error: ErrorText };

/**
 * Every control dialog: its fields, the docker command it stands for (asked of the server
 * as the person types, so the command, warnings and what would be lost are the server's
 * own), the error beside the field that caused it, and one confirm button named for the
 * action. Modal: focus stays inside, Escape cancels, Enter confirms.
 */
export function ActionDialog<M extends ActionMethodName>(props: ActionDialogProps<M>) {
  const { t, i18n } = useTranslation();
  const closeDialog = useAppStore((s) => s.closeDialog);
  const perform = useAppStore((s) => s.perform);
  const preview = useAppStore((s) => s.preview);
  const id = useId();
  const ref = useRef<HTMLDivElement>(null);
  const [previewState, setPreview] = useState<PreviewState>({ kind: 'idle' });
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<ErrorText | null>(null);
  // A form nobody has typed in yet is not wrong, only empty: its errors wait for a first edit.
  const [touched, setTouched] = useState(false);

  const previewOf = props.previewOf === undefined ? { method: props.method, params: props.params } : props.previewOf;
  const key = JSON.stringify(previewOf);
  // The request-only rules run here at once; the host's rules come with the server's preview.
  const local = useMemo(() => {
    if (!previewOf) return null;
    const r = parseParams(previewOf.method, previewOf.params);
    if (r.ok) return null;
    return errorText(t, i18n.language, {
      code: 'bad-request',
      message: r.message,
      details: { field: r.field, rule: r.rule },
    });
  }, [key, i18n.language]);

  useEffect(() => {
    setFailure(null);
    if (!previewOf || local) return;
    let current = true;
    const timer = setTimeout(() => {
      void preview(previewOf.method, previewOf.params as ParamsOf<ActionMethodName>).then((answer) => {
        if (!current) return;
        if (answer.ok) setPreview({ kind: 'ready', preview: answer.result });
        else setPreview({ kind: 'error', error: errorText(t, i18n.language, answer.error) });
      });
    }, PREVIEW_PAUSE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [key, local]);

  const shown: ErrorText | null = touched
    ? (failure ?? local ?? (previewState.kind === 'error' ? previewState.error : null))
    : null;
  // A message shown beside its box need not be repeated below; the alert keeps only the rest.
  const [boxed, setBoxed] = useState(false);
  useEffect(() => {
    const field = shown?.field;
    setBoxed(!!field && ref.current?.querySelector(`[name="${CSS.escape(field)}"]`) !== null);
  }, [shown]);
  const fields = useMemo(
    () => ({ errorFor: (field: string) => (shown?.field === field ? shown.message : null), idPrefix: id }),
    [shown, id],
  );

  useEffect(() => {
    const first = ref.current?.querySelector<HTMLElement>('input, select, textarea, button.confirm');
    first?.focus();
  }, []);

  const confirm = async (e?: FormEvent): Promise<void> => {
    e?.preventDefault();
    setTouched(true);
    if (running || local) return;
    setRunning(true);
    const send = props.send ?? { method: props.method, params: props.params };
    const answer = await perform(send.method, send.params as Methods[MethodName]['params'], props.targets);
    setRunning(false);
    if (answer.ok) closeDialog();
    else setFailure(errorText(t, i18n.language, answer.error as ProtocolError));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      closeDialog();
    } else if (e.key === 'Tab') trapFocus(e, ref.current);
  };

  const ready = !local && previewState.kind === 'ready' ? previewState.preview : null;
  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && closeDialog()}>
      <div
        ref={ref}
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={props.intro ? `${id}-intro` : undefined}
        data-testid={props.testId}
        onKeyDown={onKeyDown}
      >
        <form onSubmit={(e) => void confirm(e)} onChange={() => setTouched(true)} noValidate>
          <h2 id={`${id}-title`}>{props.title}</h2>
          {props.intro && (
            <p className="dialog-intro" id={`${id}-intro`}>
              {props.intro}
            </p>
          )}
          <DialogFieldsContext.Provider value={fields}>{props.children}</DialogFieldsContext.Provider>
          <section className="dialog-preview" aria-label={t('control.dialog.command')}>
            <h3>{t('control.dialog.command')}</h3>
            {ready ? (
              <ul className="commands" data-testid="preview-cli">
                {ready.cli.map((c) => (
                  <li key={c}>
                    <code>{c}</code>
                    <CopyButton text={c} />
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted small">
                {local || previewState.kind === 'error'
                  ? t('control.dialog.noCommand')
                  : t('control.dialog.previewing')}
              </p>
            )}
            {ready && ready.warnings.length > 0 && (
              <ul className="dialog-warnings" data-testid="preview-warnings">
                {ready.warnings.map((w) => (
                  <li key={w.code + w.message}>{warningText(t, i18n.language, w)}</li>
                ))}
              </ul>
            )}
            {ready && ready.lost.length > 0 && (
              <div className="dialog-lost" data-testid="preview-lost">
                <h3>{t('control.dialog.lost')}</h3>
                <ul>
                  {ready.lost.map((l) => (
                    <li key={l}>{l}</li>
                  ))}
                </ul>
              </div>
            )}
          </section>
          {shown && (
            <div className="dialog-error" role="alert" data-testid="dialog-error">
              <p>{boxed ? t('control.dialog.seeField') : shown.message}</p>
              {shown.engine && (
                <p className="engine-says">
                  {t('control.dialog.engineSays')} <code>{shown.engine}</code>
                </p>
              )}
            </div>
          )}
          <div className="dialog-buttons">
            <button type="button" className="button" onClick={closeDialog}>
              {t('control.dialog.cancel')}
            </button>
            <button
              type="submit"
              className={`button confirm ${props.danger ? 'danger' : 'primary'}`}
              disabled={running || (touched && local !== null)}
              aria-busy={running || undefined}
              // The accessible name stays the action's while it runs; the text says it is running.
              aria-label={props.confirmLabel}
            >
              {running ? props.busyLabel : props.confirmLabel}
            </button>
          </div>
        </form>
      </div>
    </div>
  );
}

/** Keeps Tab and Shift+Tab cycling inside the dialog. */
function trapFocus(e: KeyboardEvent, root: HTMLElement | null): void {
  if (!root) return;
  const items = [...root.querySelectorAll<HTMLElement>('input, select, textarea, button, [href]')].filter(
    (el) => !el.hasAttribute('disabled'),
  );
  const first = items[0];
  const last = items[items.length - 1];
  if (!first || !last) return;
  if (e.shiftKey && document.activeElement === first) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && document.activeElement === last) {
    e.preventDefault();
    first.focus();
  }
}
