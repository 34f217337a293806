import { undo, redo, history } from 'prosemirror-history';
import { EditorState, TextSelection, type Command, type Transaction } from 'prosemirror-state';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TranscriptBody } from '../../shared/model.js';
import {
  gotoUnattributed,
  mergeSpeakers,
  mergeWithPrevious,
  reassignTurn,
  renameSpeaker,
  restoreRemoved,
  setClock,
  setSpeakerRole,
  splitTurn,
} from '../../renderer/editor/transcript-commands.js';
import { bodyFromDoc, docFromBody } from '../../renderer/editor/convert.js';
import { currentTurn, findTurnById } from '../../renderer/editor/turns.js';
import { markClaim, tagWithKey } from '../../renderer/editor/annotation-commands.js';
import { p, speaker, transcript, turn } from './builder.js';

const t = transcript(
  {
    metadata: { speakers: 'Speakers included A and B' },
    speakers: [
      speaker('mark-rutte', { role: 'NATO Secretary General', aliases: ['NATO Secretary General Mark Rutte'] }),
      speaker('question', { aliases: ['Question'], anonymous: true }),
      speaker('volodymyr-zelenskyy', { role: 'President' }),
    ],
    removed: [{ id: 'r1', kind: 'chrome', reason: 'web page chrome', text: 'Register\n\nCreate an account', afterTurn: null }],
  },
  turn(null, p('<t1>Wel<t1in>l thank you Volodymyr.'), p('<t1p2>Second paragraph here.')),
  turn('question', { label: 'Question' }, p('<t2>My first question is for you.')),
  turn('mark-rutte', { label: 'NATO Secretary General Mark Rutte' }, p('On<t3in> your first question,<split> yes.')),
);
const body = t.body;

beforeAll(() => setClock(() => '2026-01-01T00:00:00.000Z'));

function stateOf(b: TranscriptBody = body): EditorState {
  return EditorState.create({ doc: docFromBody(b), plugins: [history()] });
}

function apply(state: EditorState, command: Command): EditorState {
  let next: EditorState | null = null;
  const ok = command(state, (tr: Transaction) => (next = state.apply(tr)));
  expect(ok).toBe(true);
  return next ?? state;
}

/** Put the cursor at `pos`. */
function cursorAt(state: EditorState, pos: number | undefined): EditorState {
  if (pos === undefined) throw new Error('no such tag');
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos)));
}

/** Put the cursor in turn `id`, `offset` characters into paragraph `para` (in a transcript changed since it was built). */
function cursorIn(state: EditorState, id: string, para: number, offset: number): EditorState {
  const turn = findTurnById(state.doc, id);
  if (!turn) throw new Error(`no turn ${id}`);
  let pos = turn.pos + 1;
  for (let i = 0; i < para; i++) pos += turn.node.child(i).nodeSize;
  return state.apply(state.tr.setSelection(TextSelection.create(state.doc, pos + 1 + offset)));
}

const speakersOf = (s: EditorState) => bodyFromDoc(s.doc).turns.map((t) => t.speaker);

describe('conversion', () => {
  it('round-trips a body through the editor document unchanged', () => {
    expect(bodyFromDoc(docFromBody(body))).toEqual(body);
  });
});

describe('reassign', () => {
  it('gives the turn under the cursor to a speaker and logs the change; undo reverts both', () => {
    let s = cursorAt(stateOf(), t.pos.t1in);
    s = apply(s, reassignTurn({ kind: 'existing', id: 'mark-rutte' }));
    expect(speakersOf(s)).toEqual(['mark-rutte', 'question', 'mark-rutte']);
    expect(bodyFromDoc(s.doc).history).toEqual([{ turn: 't1', from: null, to: 'mark-rutte', at: '2026-01-01T00:00:00.000Z' }]);
    s = apply(s, undo);
    expect(speakersOf(s)).toEqual([null, 'question', 'mark-rutte']);
    expect(bodyFromDoc(s.doc).history).toEqual([]);
    s = apply(s, redo);
    expect(speakersOf(s)[0]).toBe('mark-rutte');
  });

  it('creates a new speaker when asked, reusing one of the same name', () => {
    let s = cursorAt(stateOf(), t.pos.t2);
    s = apply(s, reassignTurn({ kind: 'new', name: 'Natalya Kushnir' }));
    const b = bodyFromDoc(s.doc);
    expect(b.speakers.map((x) => x.id)).toContain('natalya-kushnir');
    expect(b.turns[1]?.speaker).toBe('natalya-kushnir');
    s = apply(cursorIn(s, 't3', 0, 0), reassignTurn({ kind: 'new', name: 'natalya kushnir' }));
    expect(bodyFromDoc(s.doc).speakers.filter((x) => x.name.toLowerCase() === 'natalya kushnir')).toHaveLength(1);
  });

  it('asked for a turn elsewhere (from its label), gives that turn and puts the caret in it; a caret already in it stays', () => {
    let s = cursorAt(stateOf(), t.pos.t1in);
    const t3 = findTurnById(s.doc, 't3')!;
    s = apply(s, reassignTurn({ kind: 'existing', id: 'volodymyr-zelenskyy' }, t3.pos));
    expect(speakersOf(s)).toEqual([null, 'question', 'volodymyr-zelenskyy']);
    expect(s.selection.from).toBe(t3.pos + 2);
    s = cursorIn(s, 't3', 0, 5);
    const caret = s.selection.from;
    s = apply(s, reassignTurn({ kind: 'existing', id: 'mark-rutte' }, t3.pos));
    expect(s.selection.from).toBe(caret);
  });
});

describe('split', () => {
  it('splits inside a paragraph: the rest goes to the chosen speaker as a new turn', () => {
    let s = cursorAt(stateOf(), t.pos.split);
    s = apply(s, splitTurn({ kind: 'existing', id: 'volodymyr-zelenskyy' }));
    const b = bodyFromDoc(s.doc);
    expect(b.turns).toHaveLength(4);
    expect(b.turns[2]).toMatchObject({ id: 't3', speaker: 'mark-rutte', paragraphs: ['On your first question,'] });
    expect(b.turns[3]).toMatchObject({ speaker: 'volodymyr-zelenskyy', paragraphs: ['yes.'], label: null });
    expect(b.turns[3]?.id).toBe('t4');
    expect(currentTurn(s)?.index).toBe(3);
    s = apply(s, undo);
    expect(bodyFromDoc(s.doc)).toEqual(body);
  });

  it('splits between paragraphs without leaving an empty paragraph', () => {
    const s = apply(cursorAt(stateOf(), t.pos.t1p2), splitTurn({ kind: 'existing', id: 'question' }));
    const b = bodyFromDoc(s.doc);
    expect(b.turns[0]?.paragraphs).toEqual(['Well thank you Volodymyr.']);
    expect(b.turns[1]).toMatchObject({ speaker: 'question', paragraphs: ['Second paragraph here.'] });
  });

  it('refuses at the very start of a turn, where it would leave an empty turn', () => {
    const s = cursorAt(stateOf(), t.pos.t2);
    expect(splitTurn({ kind: 'existing', id: 'question' })(s)).toBe(false);
  });
});

describe('merge turns', () => {
  it('merges a turn into the one before; the earlier speaker keeps it', () => {
    let s = cursorAt(stateOf(), t.pos.t3in);
    s = apply(s, mergeWithPrevious);
    const b = bodyFromDoc(s.doc);
    expect(b.turns).toHaveLength(2);
    expect(b.turns[1]).toMatchObject({ id: 't2', speaker: 'question', paragraphs: ['My first question is for you.', 'On your first question, yes.'] });
    expect(b.history).toEqual([{ turn: 't3', from: 'mark-rutte', to: 'question', at: '2026-01-01T00:00:00.000Z' }]);
  });
  it('does nothing on the first turn', () => {
    expect(mergeWithPrevious(cursorAt(stateOf(), t.pos.t1))).toBe(false);
  });
});

describe('commands that refuse', () => {
  it('say why, in the words the user is shown', () => {
    const first = cursorAt(stateOf(), t.pos.t1);
    expect(mergeWithPrevious(first)).toBe(false);
    expect(mergeWithPrevious.why(first)).toBe('The first turn has nothing before it to merge into.');
    const attributed = apply(first, reassignTurn({ kind: 'existing', id: 'question' }));
    expect(gotoUnattributed(1)(attributed)).toBe(false);
    expect(gotoUnattributed(1).why(attributed)).toBe('Every turn has a speaker.');
    expect(tagWithKey(9)(first)).toBe(false);
    expect(tagWithKey(9).why(first)).toBe('No topic has the quick key 9 yet: give one that key in the Codebook panel.');
    expect(markClaim(first)).toBe(false);
    expect(markClaim.why(first)).toBe('Select the words to annotate first.');
  });
});

describe('speakers', () => {
  it('renames a speaker everywhere at once, and undo restores the name', () => {
    let s = apply(stateOf(), renameSpeaker('mark-rutte', 'Mark Rutte (NATO)'));
    expect(bodyFromDoc(s.doc).speakers.find((x) => x.id === 'mark-rutte')?.name).toBe('Mark Rutte (NATO)');
    s = apply(s, undo);
    expect(bodyFromDoc(s.doc).speakers.find((x) => x.id === 'mark-rutte')?.name).toBe('Mark Rutte');
  });

  it('edits and clears a role', () => {
    let s = apply(stateOf(), setSpeakerRole('question', 'ABC News'));
    expect(bodyFromDoc(s.doc).speakers.find((x) => x.id === 'question')?.role).toBe('ABC News');
    s = apply(s, setSpeakerRole('question', '  '));
    expect(bodyFromDoc(s.doc).speakers.find((x) => x.id === 'question')?.role).toBeNull();
  });

  it('merges two speakers: turns follow, the old name becomes an alias', () => {
    let s = apply(stateOf(), mergeSpeakers('question', 'volodymyr-zelenskyy'));
    const b = bodyFromDoc(s.doc);
    expect(b.speakers.map((x) => x.id)).toEqual(['mark-rutte', 'volodymyr-zelenskyy']);
    expect(b.speakers[1]?.aliases).toContain('Question');
    expect(b.turns[1]?.speaker).toBe('volodymyr-zelenskyy');
    expect(b.history).toHaveLength(1);
    s = apply(s, undo);
    expect(bodyFromDoc(s.doc)).toEqual(body);
  });
});

describe('removed text and navigation', () => {
  it('restores removed text as an unattributed turn where it stood', () => {
    const s = apply(stateOf(), restoreRemoved('r1'));
    const b = bodyFromDoc(s.doc);
    expect(b.removed).toEqual([]);
    expect(b.turns[0]).toMatchObject({ speaker: null, paragraphs: ['Register', 'Create an account'] });
    expect(b.turns).toHaveLength(4);
    expect(bodyFromDoc(apply(s, undo).doc)).toEqual(body);
  });

  it('steps through unattributed turns with wrap-around', () => {
    let s = apply(cursorAt(stateOf(), t.pos.t2), reassignTurn({ kind: 'new', name: 'X' }));
    s = cursorIn(s, 't3', 0, 0);
    s = apply(s, restoreRemoved('r1')); // adds an unattributed turn at the top
    s = cursorIn(s, 't3', 0, 0);
    s = apply(s, gotoUnattributed(1));
    expect(currentTurn(s)?.index).toBe(0);
    s = apply(s, gotoUnattributed(1));
    expect(currentTurn(s)?.index).toBe(1);
    s = apply(s, gotoUnattributed(-1));
    expect(currentTurn(s)?.index).toBe(0);
  });
});

describe('times, non-speech and suggestions', () => {
  it('round-trip through the editor document', () => {
    const rich: TranscriptBody = {
      ...body,
      turns: [
        {
          id: 't1',
          speaker: 'question',
          label: 'Q',
          paragraphs: ['Natalya Kushnir, ABC News. (Laughter.) A question.', '[crosstalk]'],
          start: 12.5,
          end: 30,
          nonSpeech: [
            { paragraph: 0, from: 27, to: 38 },
            { paragraph: 1, from: 0, to: 11 },
          ],
          suggestion: { name: 'Natalya Kushnir', role: 'ABC News', evidence: 'Natalya Kushnir, ABC News.' },
        },
      ],
    };
    expect(bodyFromDoc(docFromBody(rich))).toEqual(rich);
  });
});
