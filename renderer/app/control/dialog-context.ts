import { createContext, useContext } from 'react';

/** What a dialog's fields need from the dialog around them: the message for their field. */
export interface DialogFields {
  /** The error to show beside a field (`publish.0.hostPort` for the first port row), or null. */
  errorFor(field: string): string | null;
  /** A stable id prefix for labels and descriptions. */
  idPrefix: string;
}

export const DialogFieldsContext = createContext<DialogFields>({ errorFor: () => null, idPrefix: 'dlg' });

export const useDialogFields = (): DialogFields => useContext(DialogFieldsContext);
