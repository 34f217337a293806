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
 * Typically there are none: scanning a 1 MB transcript for them takes about a millisecond, and a
 * keystroke rescans only the paragraph it changed.
 */
import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';

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
const ANY_CONTROL = /[\u202A-\u202E\u2066-\u2069]/;

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
    if (!ANY_CONTROL.test(node.textContent)) return false;
    node.forEach((child, offset) => {
      if (!child.isText || !child.text) return;
      for (const m of child.text.matchAll(CONTROLS)) out.push(mark(pos + 1 + offset + m.index, m[0]));
    });
    return false;
  });
  return out;
}

const key = new PluginKey<DecorationSet>('parley-bidi-controls');

/** The plugin: its decorations follow every edit, and the paragraphs an edit touched are scanned again. */
export function bidiControlsPlugin(): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key,
    state: {
      init: (_config, state) => DecorationSet.create(state.doc, marksIn(state.doc)),
      apply: (tr, set) => {
        if (!tr.docChanged) return set;
        let next = set.map(tr.mapping, tr.doc);
        // The ranges the edit wrote, in the new document: their paragraphs are scanned afresh.
        const touched: { from: number; to: number }[] = [];
        tr.mapping.maps.forEach((map, i) => {
          const rest = tr.mapping.slice(i + 1);
          map.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
            touched.push({ from: rest.map(newStart, -1), to: rest.map(newEnd, 1) });
          });
        });
        for (const { from, to } of touched) {
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
  });
}
