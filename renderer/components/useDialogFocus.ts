/**
 * What every modal dialog does with the keyboard focus (issue 14), in one place:
 *
 * - when it opens, the focus moves into it: to the control marked `data-autofocus` (the picker's
 *   filter, the preview's Open button), else its first control, else the dialog itself; a marked
 *   control that cannot take focus yet (disabled while loading) gets it when it can;
 * - Tab and Shift+Tab cycle through its controls and never leave it;
 * - Escape cancels and Ctrl+Enter (Cmd+Enter) confirms, wherever the focus is, with no Tab first;
 * - when it closes, the focus goes back to the element that had it before it opened (the file's
 *   button on the start screen, or the transcript, where focusing the same element gives the
 *   caret back: ProseMirror restores its selection on focus). If whoever closed the dialog has
 *   already put the focus somewhere on purpose (the workspace focuses the editor), that stays.
 *
 * Usage: `const dialog = useDialogFocus<HTMLDivElement>({ onCancel })` and `<div {...dialog}
 * aria-label="…">`: the spread gives the ref, role="dialog", aria-modal and tabIndex=-1. The
 * backdrop behind a modal takes `{...backdrop(onCancel)}`.
 */
import { useLayoutEffect, useRef, type MouseEvent, type RefObject } from 'react';

export interface DialogFocusOptions {
  /** Escape: close without doing anything. Not called when a control inside already handled the key. */
  onCancel?(): void;
  /** Ctrl+Enter or Cmd+Enter: the dialog's main action. */
  onConfirm?(): void;
}

export interface DialogProps<T extends HTMLElement> {
  ref: RefObject<T | null>;
  role: 'dialog';
  'aria-modal': true;
  tabIndex: -1;
}

/** The open dialogs, the one opened last at the end: only that one answers keys. */
const open: HTMLElement[] = [];

const CANDIDATES = 'a[href], button, input, select, textarea, summary, [tabindex], [contenteditable]:not([contenteditable="false"])';

/** The controls Tab visits inside `root`, in document order. */
export function tabbables(root: HTMLElement): HTMLElement[] {
  return Array.from(root.querySelectorAll<HTMLElement>(CANDIDATES)).filter((el) => {
    if (el.tabIndex < 0 || el.closest('[inert]')) return false;
    if ((el instanceof HTMLButtonElement || el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement) && el.disabled) return false;
    if (el instanceof HTMLInputElement) {
      if (el.type === 'hidden') return false;
      // A group of radio buttons is one stop: the checked one.
      if (el.type === 'radio' && !el.checked && el.name && root.querySelector(`input[type="radio"][name="${CSS.escape(el.name)}"]:checked`)) return false;
    }
    return el.getClientRects().length > 0;
  });
}

/** Focus where a dialog starts; true once that is a control (not the dialog itself, standing in). */
function focusStart(dialog: HTMLElement): boolean {
  const controls = tabbables(dialog);
  const marked = dialog.querySelector<HTMLElement>('[data-autofocus]');
  const target = marked ? (controls.includes(marked) ? marked : null) : (controls[0] ?? null);
  (target ?? dialog).focus();
  return target !== null && document.activeElement === target;
}

/** Tab and Shift+Tab: the next or previous control of the dialog, wrapping round at either end. */
function cycle(e: KeyboardEvent, dialog: HTMLElement): void {
  e.preventDefault();
  const controls = tabbables(dialog);
  if (!controls.length) {
    dialog.focus();
    return;
  }
  const back = e.shiftKey;
  const active = document.activeElement;
  const at = active instanceof HTMLElement ? controls.indexOf(active) : -1;
  let next: HTMLElement | undefined;
  if (at >= 0) next = controls[(at + (back ? -1 : 1) + controls.length) % controls.length];
  else if (active instanceof HTMLElement && active !== dialog && dialog.contains(active)) {
    // Inside, on something Tab would not stop at (a radio of the group, a list row): go on from there.
    const after = controls.filter((c) => active.compareDocumentPosition(c) & Node.DOCUMENT_POSITION_FOLLOWING);
    next = back ? controls.filter((c) => !after.includes(c)).pop() : after[0];
  }
  next ??= back ? controls[controls.length - 1] : controls[0];
  next!.focus();
}

export function useDialogFocus<T extends HTMLElement = HTMLDivElement>(options: DialogFocusOptions = {}): DialogProps<T> {
  const ref = useRef<T>(null);
  const latest = useRef(options);
  const started = useRef(false);
  useLayoutEffect(() => {
    latest.current = options;
  });

  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const active = document.activeElement;
    const before = active instanceof HTMLElement && active !== document.body ? active : null;
    open.push(dialog);
    started.current = focusStart(dialog);

    const onKey = (e: KeyboardEvent) => {
      if (open[open.length - 1] !== dialog || e.defaultPrevented || e.isComposing) return;
      const { onCancel, onConfirm } = latest.current;
      if (e.key === 'Tab' && !e.ctrlKey && !e.metaKey && !e.altKey) cycle(e, dialog);
      else if (e.key === 'Escape' && onCancel) {
        e.preventDefault();
        onCancel();
      } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && onConfirm) {
        // Also keeps a focused button from taking the Enter as a click of its own.
        e.preventDefault();
        onConfirm();
      }
    };
    // On the document, so the keys work even while the focus is on <body> (the control that had
    // it went away) or still loading (the dialog itself holds it).
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('keydown', onKey);
      const at = open.indexOf(dialog);
      if (at >= 0) open.splice(at, 1);
      const now = document.activeElement;
      const lost = !now || now === document.body || dialog.contains(now);
      if (lost && before?.isConnected) before.focus({ preventScroll: true });
    };
  }, []);

  // Content that arrives after the dialog opened (the import preview loads its speakers): the
  // control to start on may exist only now. And when the focused control goes away (Cancel turns
  // into Close when a folder import ends), the focus would drop to <body>: it starts again inside.
  // Once the user is on a control, it stays there.
  useLayoutEffect(() => {
    const dialog = ref.current;
    if (!dialog || open[open.length - 1] !== dialog) return;
    const active = document.activeElement;
    const waiting = !started.current && active === dialog;
    const dropped = !active || active === document.body;
    if (waiting || dropped) started.current = focusStart(dialog);
  });

  return { ref, role: 'dialog', 'aria-modal': true, tabIndex: -1 };
}

/**
 * The backdrop's mouse handling: a press on the backdrop itself (not on the dialog) cancels, if
 * the dialog cancels that way, and never moves the focus: the browser would otherwise put it on
 * <body> just after the dialog closed and gave it back.
 */
export function backdrop(onCancel?: () => void): { onMouseDown(e: MouseEvent): void } {
  return {
    onMouseDown: (e) => {
      if (e.target !== e.currentTarget) return;
      e.preventDefault();
      onCancel?.();
    },
  };
}
