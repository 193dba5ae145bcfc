/**
 * The options page's confirmations ("Clear the corpus?", "Clear the reading history?", "Replace your
 * corpus?", deleting a set of articles): one modal dialog each, built here at the end of its section with
 * the ids the page has always had — for name `clear`: #clear-dialog, #clear-dialog-title, #clear-dialog-text,
 * #clear-cancel and #clear-confirm. Opening one puts the focus on Cancel, the safe answer.
 */
import { byId, h } from '../shared/dom';
import { t, type MessageKey } from '../shared/i18n';

export interface ConfirmDialogSpec {
  /** The ids' stem. */
  name: string;
  /** Id of the section the dialog belongs to (it is appended to it). */
  section: string;
  /** The heading, when it is always the same (else `ask` gives it). */
  title?: MessageKey;
  /** The confirm button's words (the button is marked dangerous). */
  confirm: MessageKey;
  onConfirm(): void;
  /** The Cancel button (Escape only closes the dialog). */
  onCancel?(): void;
}

export interface ConfirmDialog {
  /** Opens the dialog saying `text`, under `title` when given. */
  ask(text: string, title?: string): void;
}

/** Builds the dialog into its section and wires its buttons. */
export function confirmDialog(spec: ConfirmDialogSpec): ConfirmDialog {
  const titleId = `${spec.name}-dialog-title`;
  const textId = `${spec.name}-dialog-text`;
  const heading = h('h3', { id: titleId }, spec.title ? t(spec.title) : null);
  const text = h('p', { id: textId });
  const answer = (then: (() => void) | undefined): void => {
    dialog.close();
    then?.();
  };
  const cancel = h('button', { type: 'button', id: `${spec.name}-cancel`, onclick: () => answer(spec.onCancel) }, t('cancel'));
  const confirm = h('button', { type: 'button', id: `${spec.name}-confirm`, class: 'danger', onclick: () => answer(spec.onConfirm) }, t(spec.confirm));
  const dialog = h(
    'dialog',
    { id: `${spec.name}-dialog`, 'aria-labelledby': titleId, 'aria-describedby': textId },
    heading,
    text,
    h('div', { class: 'dialog-buttons' }, cancel, confirm),
  );
  byId(spec.section).append(dialog);
  return {
    ask(words, title) {
      if (title !== undefined) heading.textContent = title;
      text.textContent = words;
      dialog.showModal();
      cancel.focus();
    },
  };
}
