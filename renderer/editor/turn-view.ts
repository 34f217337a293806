/**
 * How a turn is drawn: the speaker label in a gutter beside the text, outside the editable
 * content (contenteditable=false), so typing can never corrupt it.
 *
 * Labels depend on the speaker list in the document attributes, which a rename changes without
 * touching any turn node. ProseMirror only updates node views whose node changed, so the views
 * register in a set and `refreshLabels` redraws them when the speaker list changes.
 */
import type { Node as PMNode } from 'prosemirror-model';
import type { EditorView, NodeView } from 'prosemirror-view';
import type { Speaker } from '../../shared/model.js';
import { docSpeakers, turnAttrs } from './schema.js';

export interface TurnViewHooks {
  /** The user clicked a turn's label: offer to reassign the turn starting at `pos`. */
  onLabelClick(pos: number): void;
  /** The user accepted the speaker the turn's own words suggest. */
  onAcceptSuggestion(pos: number): void;
}

/** Seconds as h:mm:ss or m:ss. */
export function formatTime(seconds: number): string {
  const s = Math.floor(seconds % 60);
  const m = Math.floor(seconds / 60) % 60;
  const h = Math.floor(seconds / 3600);
  const two = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

export class TurnView implements NodeView {
  readonly dom: HTMLElement;
  readonly contentDOM: HTMLElement;
  private readonly name: HTMLElement;
  private readonly role: HTMLElement;
  private readonly button: HTMLButtonElement;
  // Made only for the turns that need them: a long transcript has thousands of turns, and every
  // element costs style and layout work on open.
  private time: HTMLElement | null = null;
  private suggest: HTMLButtonElement | null = null;
  private readonly gutter: HTMLElement;
  private readonly hooks: TurnViewHooks;
  private shown: { attrs: PMNode['attrs'] | null; speakers: readonly Speaker[] | null } = { attrs: null, speakers: null };

  constructor(
    private node: PMNode,
    private readonly view: EditorView,
    private readonly getPos: () => number | undefined,
    hooks: TurnViewHooks,
    private readonly registry: Set<TurnView>,
  ) {
    this.dom = document.createElement('section');
    this.dom.className = 'turn';
    const gutter = document.createElement('div');
    gutter.className = 'turn-gutter';
    gutter.contentEditable = 'false';
    this.button = document.createElement('button');
    this.button.type = 'button';
    this.button.className = 'speaker-label';
    this.name = document.createElement('span');
    this.name.className = 'speaker-name';
    this.role = document.createElement('span');
    this.role.className = 'speaker-role';
    this.button.append(this.name, this.role);
    this.button.addEventListener('mousedown', (e) => e.preventDefault());
    this.button.addEventListener('click', () => {
      const pos = this.getPos();
      if (pos !== undefined) hooks.onLabelClick(pos);
    });
    gutter.append(this.button);
    this.gutter = gutter;
    this.hooks = hooks;
    this.contentDOM = document.createElement('div');
    this.contentDOM.className = 'turn-text';
    this.dom.append(gutter, this.contentDOM);
    registry.add(this);
    this.render();
  }

  /** Redraw the label if the speaker or the speaker list changed since it was drawn. */
  render(): void {
    const attrs = turnAttrs(this.node);
    const speakers = docSpeakers(this.view.state.doc);
    if (this.shown.attrs === this.node.attrs && this.shown.speakers === speakers) return;
    this.shown = { attrs: this.node.attrs, speakers };
    this.dom.dataset.turnId = attrs.id;
    const speaker = attrs.speaker === null ? null : speakers.find((s) => s.id === attrs.speaker);
    const unattributed = !speaker;
    this.dom.classList.toggle('unattributed', unattributed);
    this.dom.dataset.speaker = attrs.speaker ?? '';
    // textContent, never innerHTML: names come from the transcript and are data.
    this.name.textContent = speaker ? speaker.name : 'Unattributed';
    this.role.textContent = speaker?.role ?? (unattributed ? 'who said this? (Alt+S)' : '');
    this.role.hidden = !this.role.textContent;
    this.button.title = speaker
      ? `${speaker.name}${speaker.role ? `, ${speaker.role}` : ''}: click or Alt+S to reassign`
      : 'No speaker yet: click or press Alt+S to attribute this turn';
    this.button.setAttribute('aria-label', `Speaker: ${this.name.textContent}. Reassign`);
    const { start, end, suggestion } = attrs;
    if (start !== null || this.time) {
      const time = (this.time ??= this.gutter.appendChild(document.createElement('span')));
      time.className = 'turn-time';
      time.textContent = start === null ? '' : end === null ? formatTime(start) : `${formatTime(start)}–${formatTime(end)}`;
      time.hidden = start === null;
    }
    // Offer the suggestion while the turn is still with an anonymous or no speaker.
    const offer = suggestion && (!speaker || speaker.anonymous) ? suggestion : null;
    if (offer || this.suggest) {
      const button = (this.suggest ??= this.makeSuggestButton());
      button.hidden = !offer;
      button.textContent = offer ? `Suggest: ${offer.name}${offer.role ? `, ${offer.role}` : ''}` : '';
      button.title = offer ? `The turn begins "${offer.evidence}": click to attribute it to ${offer.name}` : '';
    }
  }

  private makeSuggestButton(): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'speaker-suggestion';
    button.addEventListener('mousedown', (e) => e.preventDefault());
    button.addEventListener('click', () => {
      const pos = this.getPos();
      if (pos !== undefined) this.hooks.onAcceptSuggestion(pos);
    });
    return this.gutter.appendChild(button);
  }

  update(node: PMNode): boolean {
    if (node.type !== this.node.type) return false;
    this.node = node;
    this.render();
    return true;
  }

  ignoreMutation(mutation: MutationRecord | { type: 'selection'; target: Node }): boolean {
    // Changes inside the gutter are ours, not the user's.
    return mutation.type !== 'selection' && !this.contentDOM.contains(mutation.target);
  }

  stopEvent(event: Event): boolean {
    return this.button.contains(event.target as Node) || (this.suggest?.contains(event.target as Node) ?? false);
  }

  destroy(): void {
    this.registry.delete(this);
  }
}

export function refreshLabels(registry: Set<TurnView>): void {
  for (const view of registry) view.render();
}
