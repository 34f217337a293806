/**
 * The DOM side of the annotation layer's drawing: which turns the browser renders. The plugin in
 * annotations.ts draws highlights only in those turns (its module comment says why); this view
 * tells it which they are.
 */
import type { EditorState, Transaction } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { Range } from './range-store.js';

/** What RenderedTurns asks of the plugin it serves. */
export interface RenderedTurnsHooks {
  /** Whether to start following the turns: once the annotations are loaded. */
  ready(state: EditorState): boolean;
  /** `tr` telling the plugin that the turns at these ranges (turn nodes' positions) are rendered. */
  rendered(tr: Transaction, turns: readonly Range[]): Transaction;
}

/**
 * Tells the plugin which turns the browser has started rendering, from their
 * `contentvisibilityautostatechange` events (fired whenever a turn comes near the viewport or
 * leaves it). Turns that stop being rendered are ignored.
 *
 * The browser also reports every turn as it first lays them out, one event each: listening from
 * the start delayed the first frame of a long transcript. So it starts once the annotations are
 * loaded (after that frame) by looking up which turns are rendered, then follows the changes.
 */
export class RenderedTurns {
  /** The latest state of each turn that reported since the last flush: true when skipped. */
  private readonly pending = new Map<Element, boolean>();
  private started = false;
  private queued = false;
  private timer = 0;
  private waits = 0;

  constructor(
    private readonly view: EditorView,
    private readonly hooks: RenderedTurnsHooks,
  ) {}

  update(view: EditorView): void {
    if (this.started || !this.hooks.ready(view.state)) return;
    this.started = true;
    for (const el of view.dom.children) {
      if (el.firstElementChild?.checkVisibility({ contentVisibilityAuto: true })) this.pending.set(el, false);
    }
    // Capture: the event does not bubble.
    view.dom.addEventListener('contentvisibilityautostatechange', this.onChange, true);
    this.queue();
  }

  private readonly onChange = (event: Event) => {
    const el = event.target;
    if (!(el instanceof Element) || el.parentNode !== this.view.dom) return;
    this.pending.set(el, (event as ContentVisibilityAutoStateChangeEvent).skipped);
    this.queue();
  };

  private queue(): void {
    if (this.queued) return;
    this.queued = true;
    queueMicrotask(this.flush);
  }

  private readonly flush = () => {
    this.queued = false;
    const { view } = this;
    if (view.isDestroyed) return;
    // Drawing rewrites the DOM around the selection, and ProseMirror then writes its own selection
    // back: a selection the user just made that it has not read yet (its selectionchange event
    // comes later) would be undone, and the next key typed where the old one was. Wait for it.
    if (this.selectionUnread() && this.waits++ < 10) {
      this.queued = true;
      this.timer = window.setTimeout(this.flush, 10);
      return;
    }
    this.waits = 0;
    const doc = view.state.doc;
    const show: Range[] = [];
    for (const [el, skipped] of this.pending) {
      if (skipped || !el.isConnected) continue;
      let pos: number;
      try {
        pos = view.posAtDOM(el, 0);
      } catch {
        continue;
      }
      const $pos = doc.resolve(Math.min(pos, doc.content.size));
      if ($pos.depth >= 1) show.push({ from: $pos.before(1), to: $pos.after(1) });
    }
    this.pending.clear();
    if (show.length) view.dispatch(this.hooks.rendered(view.state.tr, show));
  };

  /** Whether the DOM selection is in the editor somewhere else than the editor's selection. */
  private selectionUnread(): boolean {
    const { view } = this;
    const sel = view.dom.ownerDocument.getSelection();
    if (!sel?.focusNode || !view.dom.contains(sel.focusNode) || !view.hasFocus()) return false;
    try {
      return view.posAtDOM(sel.focusNode, sel.focusOffset) !== view.state.selection.head;
    } catch {
      return false;
    }
  }

  destroy(): void {
    this.view.dom.removeEventListener('contentvisibilityautostatechange', this.onChange, true);
    clearTimeout(this.timer);
    this.pending.clear();
  }
}
