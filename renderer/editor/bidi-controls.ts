/**
 * Bidirectional control characters in the transcript, shown and held in check.
 *
 * Text copied from a web page can carry invisible embedding, override and isolate controls (U+202A to
 * U+202E, U+2066 to U+2069). An override reorders everything after it to the end of its paragraph:
 * "pay 100 to \u202Eboj" is stored as typed but displayed "pay 100 to job", so what an editor reads is
 * not what a quote, a search or an export holds ("Trojan Source"). As VS Code does with such
 * characters, each is drawn as a visible mark (its name on hover) and wrapped in an isolate of its
 * own, so it can no longer reorder the text around it: the text reads in the order it is stored. The
 * characters themselves stay in the text, which is data.
 *
 * Typically there are none. The whole transcript is scanned just after the editor's first frame, and
 * a keystroke rescans only the paragraph it changed.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { afterNextFrame } from './frames.js';
import { writtenRanges } from './positions.js';

const NAMES: Record<string, string> = {
  '\u202A': 'LEFT-TO-RIGHT EMBEDDING',
  '\u202B': 'RIGHT-TO-LEFT EMBEDDING',
  '\u202C': 'POP DIRECTIONAL FORMATTING',
  '\u202D': 'LEFT-TO-RIGHT OVERRIDE',
  '\u202E': 'RIGHT-TO-LEFT OVERRIDE',
  '\u2066': 'LEFT-TO-RIGHT ISOLATE',
  '\u2067': 'RIGHT-TO-LEFT ISOLATE',
  '\u2068': 'FIRST STRONG ISOLATE',
  '\u2069': 'POP DIRECTIONAL ISOLATE',
};

const CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;
/** The same class, for a test that keeps no state between calls. */
const ANY_CONTROL = new RegExp(CONTROLS.source);

/** How one control character is drawn: a span of its own, named, isolated (see styles.css). */
function mark(pos: number, char: string): Decoration {
  const code = `U+${char.charCodeAt(0).toString(16).toUpperCase()}`;
  return Decoration.inline(pos, pos + 1, {
    class: 'bidi-control',
    title: `${code} ${NAMES[char] ?? ''}: an invisible character that would reorder the text; shown here, kept in the text`,
    'data-code': code,
  });
}

/** The marks for the control characters in the textblocks between `from` and `to` of `doc`. */
function marksIn(doc: PMNode, from = 0, to = doc.content.size): Decoration[] {
  const out: Decoration[] = [];
  doc.nodesBetween(from, to, (node, pos) => {
    if (!node.isTextblock) return true;
    node.forEach((child, offset) => {
      const text = child.text;
      if (text === undefined || !ANY_CONTROL.test(text)) return;
      for (const m of text.matchAll(CONTROLS)) out.push(mark(pos + 1 + offset + m.index, m[0]));
    });
    return false;
  });
  return out;
}

/**
 * The marks for the whole document. Usually there is none to find, and this runs as a transcript
 * opens: the turns and paragraphs are walked directly, a text node at a time, with no string built.
 */
function allMarks(doc: PMNode): Decoration[] {
  let found = false;
  doc.forEach((turn) =>
    turn.forEach((block) => {
      if (!found) for (let i = 0; i < block.childCount; i++) found ||= ANY_CONTROL.test(block.child(i).text ?? '');
    }),
  );
  return found ? marksIn(doc) : [];
}

const key = new PluginKey<DecorationSet>('parley-bidi-controls');

/** `tr` marking every control character in the document (the editor sends it after its first frame). */
export function withBidiControlsFound(tr: Transaction): Transaction {
  return tr.setMeta(key, 'scan').setMeta('addToHistory', false);
}

/**
 * The plugin: its marks follow every edit, and the paragraphs an edit touched are scanned again.
 * The whole document is scanned once the editor's first frame is painted (see withBidiControlsFound):
 * even finding nothing costs a long transcript's open noticeable time.
 */
export function bidiControlsPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key,
    state: {
      init: () => DecorationSet.empty,
      apply: (tr, set) => {
        if (tr.getMeta(key) === 'scan') return DecorationSet.create(tr.doc, allMarks(tr.doc));
        if (!tr.docChanged) return set;
        let next = set.map(tr.mapping, tr.doc);
        // The ranges the edit wrote: their paragraphs are scanned afresh.
        for (const { from, to } of writtenRanges(tr)) {
          const $from = tr.doc.resolve(Math.min(from, tr.doc.content.size));
          const $to = tr.doc.resolve(Math.min(to, tr.doc.content.size));
          const start = $from.depth ? $from.start($from.depth) : 0;
          const end = $to.depth ? $to.end($to.depth) : tr.doc.content.size;
          next = next.remove(next.find(start, end)).add(tr.doc, marksIn(tr.doc, start, end));
        }
        return next;
      },
    },
    props: {
      decorations: (state) => key.getState(state),
    },
    view: (view) => {
      const cancel = afterNextFrame(() => {
        if (!view.isDestroyed) view.dispatch(withBidiControlsFound(view.state.tr));
      });
      return { destroy: cancel };
    },
  });
}
