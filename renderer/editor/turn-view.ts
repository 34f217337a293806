/**
 * How a turn is drawn: the speaker label in a gutter beside the text, outside the editable
 * content (contenteditable=false), so typing can never corrupt it.
 *
 * Labels depend on the speaker list in the document attributes, which a rename changes without
 * touching any turn node. ProseMirror only updates node views whose node changed, so the views
 * are found from the editor's DOM and `refreshLabels` redraws them when the speaker list changes.
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

/** Each turn's view, by its DOM: the gutter's buttons find their turn through it (one listener for all turns). */
const viewOfDom = new WeakMap<Element, TurnView>();

/** The DOM of a turn as first made, cloned for every turn: cheaper than building 2,000 of them node by node. */
let template: HTMLElement | null = null;

function turnTemplate(): HTMLElement {
  if (!template) {
    template = document.createElement('section');
    template.className = 'turn';
    const gutter = template.appendChild(document.createElement('div'));
    gutter.className = 'turn-gutter';
    gutter.contentEditable = 'false';
    const button = gutter.appendChild(document.createElement('button'));
    button.type = 'button';
    button.className = 'speaker-label';
    template.appendChild(document.createElement('div')).className = 'turn-text';
  }
  return template;
}

/** A turn's label button, in its DOM. */
function labelButton(dom: HTMLElement): HTMLButtonElement {
  return dom.firstChild!.firstChild as HTMLButtonElement;
}

/**
 * Draw who speaks (null: nobody yet) into a turn's label: the name is the button's text, the role
 * its `data-role`, which the style sheet shows under the name. One element per label rather than
 * three: with thousands of turns, every element costs on open.
 */
function drawLabel(dom: HTMLElement, button: HTMLButtonElement, speaker: Speaker | null): void {
  dom.classList.toggle('unattributed', !speaker);
  dom.dataset.speaker = speaker?.id ?? '';
  const name = speaker ? speaker.name : 'Unattributed';
  // textContent and attributes, never innerHTML: names come from the transcript and are data.
  button.textContent = name;
  button.dataset.role = speaker ? (speaker.role ?? '') : 'who said this? (Alt+S)';
  button.title = speaker
    ? `${speaker.name}${speaker.role ? `, ${speaker.role}` : ''}: click or Alt+S to reassign`
    : 'No speaker yet: click or press Alt+S to attribute this turn';
  button.setAttribute('aria-label', `Speaker: ${name}. Reassign`);
}

/**
 * A turn of `speaker`'s with its label drawn, cloned for each of their turns: a transcript has a
 * few dozen speakers and thousands of turns, and drawing each label afresh slowed the open.
 * Speakers are immutable values (a rename makes a new one), so a template never goes stale.
 */
const speakerTemplates = new WeakMap<Speaker, HTMLElement>();
let unattributedTemplate: HTMLElement | null = null;

function labelledTemplate(speaker: Speaker | null): HTMLElement {
  let made = speaker ? speakerTemplates.get(speaker) : unattributedTemplate;
  if (!made) {
    made = turnTemplate().cloneNode(true) as HTMLElement;
    drawLabel(made, labelButton(made), speaker);
    if (speaker) speakerTemplates.set(speaker, made);
    else unattributedTemplate = made;
  }
  return made;
}

/**
 * The gutter buttons' events, for every turn at once: `root` is the editor's DOM. A mousedown
 * there must not move the focus out of the text; a click asks the turn's hooks.
 */
export function listenToGutters(root: HTMLElement): () => void {
  const onMouseDown = (e: MouseEvent) => {
    if (e.target instanceof Element && e.target.closest('.turn-gutter button')) e.preventDefault();
  };
  const onClick = (e: MouseEvent) => {
    const button = e.target instanceof Element ? e.target.closest('.turn-gutter button') : null;
    const view = button?.parentElement?.parentElement ? viewOfDom.get(button.parentElement.parentElement) : undefined;
    if (button && view) view.clicked(button);
  };
  root.addEventListener('mousedown', onMouseDown);
  root.addEventListener('click', onClick);
  return () => {
    root.removeEventListener('mousedown', onMouseDown);
    root.removeEventListener('click', onClick);
  };
}

export class TurnView implements NodeView {
  readonly dom: HTMLElement;
  readonly contentDOM: HTMLElement;
  // The gutter and its parts are looked up when needed, not kept: a DOM node that script has
  // touched gets a wrapper object on the JS heap, one per gutter and label of thousands of turns.
  // The time and the suggestion are made only for turns that have them: every element
  // costs style and layout work on open.
  /** What the label was last drawn from. */
  private shownAttrs: PMNode['attrs'];
  private shownSpeakers: readonly Speaker[];

  constructor(
    private node: PMNode,
    private readonly view: EditorView,
    private readonly getPos: () => number | undefined,
    private readonly hooks: TurnViewHooks,
  ) {
    const speakers = docSpeakers(view.state.doc);
    const speaker = speakerOf(node, speakers);
    this.dom = labelledTemplate(speaker).cloneNode(true) as HTMLElement;
    this.contentDOM = this.dom.lastChild as HTMLElement;
    viewOfDom.set(this.dom, this);
    this.drawTurn(speaker, true);
    this.shownAttrs = node.attrs;
    this.shownSpeakers = speakers;
  }

  private get gutter(): HTMLElement {
    return this.dom.firstChild as HTMLElement;
  }

  /** The gutter's element of this class, if the turn has one. */
  private part<E extends HTMLElement>(className: string): E | null {
    for (let el = this.gutter.firstElementChild; el; el = el.nextElementSibling) if (el.classList.contains(className)) return el as E;
    return null;
  }

  /** One of this turn's gutter buttons was clicked (see listenToGutters). */
  clicked(button: Element): void {
    const pos = this.getPos();
    if (pos === undefined) return;
    if (button.classList.contains('speaker-label')) this.hooks.onLabelClick(pos);
    else if (button.classList.contains('speaker-suggestion')) this.hooks.onAcceptSuggestion(pos);
  }

  /** Redraw the label if the speaker or the speaker list changed since it was drawn. */
  render(): void {
    const speakers = docSpeakers(this.view.state.doc);
    if (this.shownAttrs === this.node.attrs && this.shownSpeakers === speakers) return;
    this.shownAttrs = this.node.attrs;
    this.shownSpeakers = speakers;
    const speaker = speakerOf(this.node, speakers);
    drawLabel(this.dom, labelButton(this.dom), speaker);
    this.drawTurn(speaker);
  }

  /**
   * What is the turn's own beside its speaker's label: its id, time and suggested speaker. A turn
   * just made from its template (`fresh`) has neither time nor suggestion yet, and its gutter is
   * not touched unless it needs one.
   */
  private drawTurn(speaker: Speaker | null, fresh = false): void {
    const attrs = turnAttrs(this.node);
    this.dom.setAttribute('data-turn-id', attrs.id);
    const { start, end, suggestion } = attrs;
    let time = fresh ? null : this.part('turn-time');
    if (start !== null || time) {
      time ??= this.gutter.appendChild(document.createElement('span'));
      time.className = 'turn-time';
      time.textContent = start === null ? '' : end === null ? formatTime(start) : `${formatTime(start)}–${formatTime(end)}`;
      time.hidden = start === null;
    }
    // Offer the suggestion while the turn is still with an anonymous or no speaker.
    const offer = suggestion && (!speaker || speaker.anonymous) ? suggestion : null;
    const existing = fresh ? null : this.part<HTMLButtonElement>('speaker-suggestion');
    if (offer || existing) {
      const button = existing ?? this.makeSuggestButton();
      button.hidden = !offer;
      button.textContent = offer ? `Suggest: ${offer.name}${offer.role ? `, ${offer.role}` : ''}` : '';
      button.title = offer ? `The turn begins "${offer.evidence}": click to attribute it to ${offer.name}` : '';
    }
  }

  private makeSuggestButton(): HTMLButtonElement {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'speaker-suggestion';
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
    // The gutter's buttons handle their own events (see listenToGutters).
    const target = event.target instanceof Element ? event.target : event.target instanceof Node ? event.target.parentElement : null;
    return !!target?.closest('.turn-gutter button') && this.dom.contains(target);
  }
}

/** The speaker a turn names, or null when it names none (or one not in the list). */
function speakerOf(turn: PMNode, speakers: readonly Speaker[]): Speaker | null {
  const id = turnAttrs(turn).speaker;
  return id === null ? null : (speakers.find((s) => s.id === id) ?? null);
}

/** Redraw the labels of the turns in the editor whose DOM is `root` (see the module's comment). */
export function refreshLabels(root: HTMLElement): void {
  for (const el of root.children) viewOfDom.get(el)?.render();
}
