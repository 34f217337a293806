/**
 * Random transcripts and random edits for property tests of what follows the text: a few turns
 * of short paragraphs, and inserts, deletes (which may cross paragraph and turn borders),
 * paragraph splits and turn splits at positions scaled into whatever document they meet.
 */
import fc from 'fast-check';
import { TextSelection, type Transaction } from 'prosemirror-state';
import { docFromBody } from '../../renderer/editor/convert.js';

export const docArb = fc
  .array(fc.array(fc.stringMatching(/^[a-z ]{0,12}$/), { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 })
  .map((turns) =>
    docFromBody({
      metadata: {},
      speakers: [],
      turns: turns.map((paragraphs, i) => ({ id: `t${i}`, speaker: null, label: null, paragraphs })),
      removed: [],
      history: [],
    }),
  );

export type Edit =
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'split'; at: number }
  | { kind: 'splitTurn'; at: number };

export const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.stringMatching(/^[a-z]{1,4}$/) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
  fc.record({ kind: fc.constant('split' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('splitTurn' as const), at: fc.nat() }),
);

let turnsMade = 0;

/** Apply `edit` to `tr` at a position scaled into its document; edits ProseMirror refuses are skipped. */
export function applyEdit(tr: Transaction, edit: Edit): void {
  const size = tr.doc.content.size;
  const at = edit.at % (size + 1);
  try {
    if (edit.kind === 'insert') {
      const $pos = tr.doc.resolve(at);
      if ($pos.parent.inlineContent) tr.insertText(edit.text, at);
    } else if (edit.kind === 'delete') {
      tr.delete(at, Math.min(size, at + edit.length));
    } else if (edit.kind === 'split') {
      const $pos = tr.doc.resolve(at);
      if ($pos.parent.inlineContent) tr.setSelection(TextSelection.create(tr.doc, at)).split(at);
    } else {
      // As the Split command does: the part after `at` becomes a new turn with an id of its own.
      const $pos = tr.doc.resolve(at);
      if ($pos.parent.inlineContent && $pos.depth === 2) {
        const turn = $pos.node(1);
        tr.split(at, 2, [{ type: turn.type, attrs: { ...turn.attrs, id: `made${++turnsMade}` } }, { type: $pos.parent.type }]);
      }
    }
  } catch {
    // A delete ProseMirror cannot fit: the transaction goes on without it.
  }
}

/**
 * A case a property test found (seed 237653968): the "X" at `at` begins the fifth paragraph;
 * splitting the paragraph just before it, then deleting 9..16 and 7..10, re-makes the turn around
 * it, and a DecorationSet mapped an inline decoration on the "X" one position off.
 */
export const REMADE_TURN = {
  doc: docFromBody({
    metadata: {},
    speakers: [],
    removed: [],
    history: [],
    turns: [
      { id: 't0', speaker: null, label: null, paragraphs: ['a a'] },
      { id: 't1', speaker: null, label: null, paragraphs: [' aa ', 'aa aaaaaa ', 'X aa a '] },
      { id: 't2', speaker: null, label: null, paragraphs: ['aa   ', 'a a'] },
    ],
  }),
  at: 27,
};
