/**
 * Bidi control characters in the transcript are marked, each where it stands, through every edit:
 * typing one in, deleting it, editing around it, undo.
 */
import fc from 'fast-check';
import { history, undo } from 'prosemirror-history';
import { EditorState, type Transaction } from 'prosemirror-state';
import type { DecorationSet } from 'prosemirror-view';
import { describe, expect, it } from 'vitest';
import type { TranscriptBody } from '../../shared/model.js';
import { bidiControlsPlugin, withBidiControlsFound } from '../../renderer/editor/bidi-controls.js';
import { docFromBody } from '../../renderer/editor/convert.js';

const plugin = bidiControlsPlugin();

function stateOf(paragraphs: string[][]): EditorState {
  const body: TranscriptBody = {
    metadata: {},
    speakers: [],
    turns: paragraphs.map((ps, i) => ({ id: `t${i}`, speaker: null, label: null, paragraphs: ps })),
    removed: [],
    history: [],
  };
  const state = EditorState.create({ doc: docFromBody(body), plugins: [history({ newGroupDelay: 0 }), plugin] });
  // As the editor does once its first frame is painted.
  return state.apply(withBidiControlsFound(state.tr));
}

/** What is marked: each mark's character (as U+XXXX), in document order. */
function marked(state: EditorState): string[] {
  const set = plugin.props.decorations!.call(plugin, state) as DecorationSet;
  return set
    .find()
    .sort((a, b) => a.from - b.from)
    .map((d) => {
      expect(d.to - d.from).toBe(1);
      return `U+${state.doc.textBetween(d.from, d.to).charCodeAt(0).toString(16).toUpperCase()}`;
    });
}

/** Every bidi control in the document, as U+XXXX, in order: what `marked` must always equal. */
function controlsIn(state: EditorState): string[] {
  return [...state.doc.textBetween(0, state.doc.content.size, '\n')]
    .filter((c) => /[\u202A-\u202E\u2066-\u2069]/.test(c))
    .map((c) => `U+${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

describe('bidi control characters', () => {
  it('are marked where they stand, and nothing else is', () => {
    const state = stateOf([['Pay 100 to \u202Eboj.', 'Plain.'], ['\u2067שלום\u2069 and \u202Dabc\u202C']]);
    expect(marked(state)).toEqual(['U+202E', 'U+2067', 'U+2069', 'U+202D', 'U+202C']);
    expect(marked(stateOf([['Nothing here. Emoji 👩‍👩‍👧 and an RLM \u200F stay as they are.']]))).toEqual([]);
  });

  it('follow typing, deleting and undo', () => {
    let state = stateOf([['Alpha beta.'], ['Gamma \u202Edelta.']]);
    const apply = (tr: Transaction) => (state = state.apply(tr));
    expect(marked(state)).toEqual(['U+202E']);
    // Typed into the first paragraph: marked at once.
    apply(state.tr.insertText('\u202B', 3));
    expect(marked(state)).toEqual(['U+202B', 'U+202E']);
    // Text typed before a mark moves it along.
    apply(state.tr.insertText('xyz', 1));
    expect(marked(state)).toEqual(['U+202B', 'U+202E']);
    // Deleted: gone; undone: back.
    let pos = -1;
    state.doc.descendants((node, p) => {
      if (node.isText && node.text?.includes('\u202E')) pos = p + node.text.indexOf('\u202E');
    });
    apply(state.tr.delete(pos, pos + 1));
    expect(marked(state)).toEqual(['U+202B']);
    undo(state, apply);
    expect(marked(state)).toEqual(['U+202B', 'U+202E']);
  });

  it('are marked, exactly, after any edits', () => {
    const char = fc.constantFrom('a', ' ', '\u202E', '\u2066', '\u2069', 'é', '👍');
    const edit = fc.record({ at: fc.nat(), del: fc.nat({ max: 6 }), text: fc.array(char, { maxLength: 4 }).map((a) => a.join('')) });
    fc.assert(
      fc.property(fc.array(fc.array(fc.array(char, { maxLength: 12 }).map((a) => a.join('')), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 3 }), fc.array(edit, { maxLength: 8 }), (turns, edits) => {
        let state = stateOf(turns);
        for (const e of edits) {
          // Positions inside some paragraph's text, so every edit is a plain text edit.
          const spots: number[] = [];
          state.doc.descendants((node, p) => {
            if (node.isTextblock) for (let i = 0; i <= node.content.size; i++) spots.push(p + 1 + i);
          });
          const from = spots[e.at % spots.length]!;
          const $from = state.doc.resolve(from);
          const to = Math.min(from + e.del, $from.end());
          state = state.apply(e.text ? state.tr.insertText(e.text, from, to) : state.tr.delete(from, to));
          expect(marked(state)).toEqual(controlsIn(state));
        }
      }),
      { numRuns: 300 },
    );
  });
});
