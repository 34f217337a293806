import { describe, expect, it } from 'vitest';
import { emptyCodebook } from '../../shared/annotation.js';
import {
  TOPIC_PALETTE,
  checkCodebook,
  createTopic,
  deleteTopic,
  describeTopic,
  mergeTopics,
  moveTopic,
  recolourTopic,
  renameTopic,
  setTopicKey,
  slugOf,
} from '../../shared/codebook/index.js';
import { annotation, book, frozen, get, ids, topic } from './builders.js';

describe('createTopic', () => {
  it('makes a readable id from the label, unique in the codebook', () => {
    let cb = emptyCodebook();
    cb = createTopic(cb, { label: 'Defence industry' }).codebook;
    const { codebook, topic: t } = createTopic(cb, { label: 'Defence-industry' });
    expect(ids(codebook)).toEqual(['defence-industry', 'defence-industry-2']);
    expect(t.id).toBe('defence-industry-2');
  });

  it('keeps letters of any script in the id and falls back to "topic"', () => {
    expect(slugOf('Економіка України: й')).toBe('економіка-україни-й');
    expect(slugOf('Café déjà vu')).toBe('cafe-deja-vu');
    expect(createTopic(emptyCodebook(), { label: '???' }).topic.id).toBe('topic');
  });

  it('picks colours from the colour-blind-safe palette, unused ones first', () => {
    let cb = emptyCodebook();
    const colours: string[] = [];
    for (let i = 0; i < TOPIC_PALETTE.length + 2; i++) {
      const made = createTopic(cb, { label: `T${i}` });
      cb = made.codebook;
      colours.push(made.topic.color);
    }
    expect(colours.slice(0, TOPIC_PALETTE.length)).toEqual([...TOPIC_PALETTE]);
    // Once every colour is used, the least used comes next: the palette starts over.
    expect(colours.slice(TOPIC_PALETTE.length)).toEqual(TOPIC_PALETTE.slice(0, 2));
  });

  it('takes the given colour (normalised), description, parent and key', () => {
    const cb = book(topic('war'));
    const { topic: t } = createTopic(cb, { label: 'Drones', color: '#ABC', description: 'UAVs', parent: 'war', key: 3 });
    expect(t).toEqual({ id: 'drones', label: 'Drones', color: '#aabbcc', description: 'UAVs', parent: 'war', key: 3 });
  });

  it('moves a quick key that another topic had', () => {
    const cb = frozen(book(topic('a', { key: 1 }), topic('b', { key: 2 })));
    const next = createTopic(cb, { label: 'C', key: 1 }).codebook;
    expect(next.topics.map((t) => t.key)).toEqual([null, 2, 1]);
    expect(checkCodebook(next)).toBeNull();
  });

  it('refuses an empty label, a taken label (ignoring case), a bad key, colour, parent or id', () => {
    const cb = book(topic('a', { label: 'Energy' }));
    expect(() => createTopic(cb, { label: '  ' })).toThrow(new RangeError('A topic needs a label.'));
    expect(() => createTopic(cb, { label: 'energy ' })).toThrow('There is already a topic called "Energy".');
    expect(() => createTopic(cb, { label: 'X', key: 10 })).toThrow('A quick key is a digit from 1 to 9, not 10.');
    expect(() => createTopic(cb, { label: 'X', key: 0 })).toThrow(RangeError);
    expect(() => createTopic(cb, { label: 'X', color: 'red' })).toThrow('"red" is not a colour: write it like #1f77b4.');
    expect(() => createTopic(cb, { label: 'X', parent: 'nope' })).toThrow('No topic has the id "nope" in this codebook.');
    expect(() => createTopic(cb, { label: 'X', id: 'a' })).toThrow('There is already a topic with the id "a".');
  });
});

describe('rename, recolour, describe, key', () => {
  const cb = frozen(book(topic('a', { label: 'Energy', key: 1 }), topic('b', { label: 'War' })));

  it('rename keeps the id and trims; renaming to its own label in another case is fine', () => {
    const next = renameTopic(cb, 'a', '  Energy grid ');
    expect(get(next, 'a').label).toBe('Energy grid');
    expect(get(renameTopic(cb, 'a', 'ENERGY'), 'a').label).toBe('ENERGY');
    expect(() => renameTopic(cb, 'a', 'war')).toThrow('There is already a topic called "War".');
    expect(() => renameTopic(cb, 'zz', 'X')).toThrow('No topic has the id "zz"');
  });

  it('recolour and describe change only that field', () => {
    expect(get(recolourTopic(cb, 'b', '#00FF00'), 'b')).toEqual({ ...get(cb, 'b'), color: '#00ff00' });
    expect(get(describeTopic(cb, 'b', 'Fighting'), 'b').description).toBe('Fighting');
    expect(() => recolourTopic(cb, 'b', '#12345')).toThrow(RangeError);
  });

  it('setTopicKey moves the key and can take it away', () => {
    const moved = setTopicKey(cb, 'b', 1);
    expect([get(moved, 'a').key, get(moved, 'b').key]).toEqual([null, 1]);
    expect(get(setTopicKey(cb, 'a', null), 'a').key).toBeNull();
    expect(() => setTopicKey(cb, 'a', 2.5)).toThrow(RangeError);
  });
});

describe('moveTopic', () => {
  // a > b > c, d
  const cb = frozen(book(topic('a'), topic('b', { parent: 'a' }), topic('c', { parent: 'b' }), topic('d')));

  it('moves a subtree under another topic or to the top', () => {
    expect(get(moveTopic(cb, 'b', 'd'), 'b').parent).toBe('d');
    expect(get(moveTopic(cb, 'c', null), 'c').parent).toBeNull();
  });

  it('refuses a loop with a sentence naming both topics', () => {
    expect(() => moveTopic(cb, 'a', 'c')).toThrow(
      new RangeError('"A" cannot be put under "C": "C" is inside "A", so the tree would loop.'),
    );
    expect(() => moveTopic(cb, 'b', 'b')).toThrow(new RangeError('"B" cannot be put under itself.'));
    expect(() => moveTopic(cb, 'a', 'x')).toThrow('No topic has the id "x"');
  });
});

describe('mergeTopics', () => {
  const cb = frozen(
    book(topic('a', { key: 1 }), topic('b'), topic('a1', { parent: 'a' }), topic('a2', { parent: 'a' }), topic('c')),
  );
  const notes = frozen([
    annotation('n1', ['a']),
    annotation('n2', ['a', 'b']),
    annotation('n3', ['b', 'a', 'c']),
    annotation('n4', ['c']),
    annotation('n5', ['a'], 'claim'),
  ]);

  it('removes `from`, re-parents its children to `into`, and `into` takes a key it lacks', () => {
    const { codebook } = mergeTopics(cb, 'a', 'b');
    expect(ids(codebook)).toEqual(['b', 'a1', 'a2', 'c']);
    expect(get(codebook, 'a1').parent).toBe('b');
    expect(get(codebook, 'b').key).toBe(1);
    expect(checkCodebook(codebook)).toBeNull();
  });

  it('annotations follow, without duplicates, and none is lost; untouched ones keep their identity', () => {
    const { updateAnnotations } = mergeTopics(cb, 'a', 'b');
    const after = updateAnnotations(notes, '2025-06-01T00:00:00.000Z');
    expect(after.map((a) => [a.id, a.topics])).toEqual([
      ['n1', ['b']],
      ['n2', ['b']],
      ['n3', ['b', 'c']],
      ['n4', ['c']],
      ['n5', ['b']],
    ]);
    expect(after[3]).toBe(notes[3]);
    expect(after[0]?.modified).toBe('2025-06-01T00:00:00.000Z');
    expect(updateAnnotations(notes)[0]?.modified).toBe(notes[0]?.modified);
  });

  it('merging into a descendant lifts it into the merged topic\'s place, so nothing loops', () => {
    // r > a > m > x : merge a into x
    const deep = book(topic('r'), topic('a', { parent: 'r' }), topic('m', { parent: 'a' }), topic('x', { parent: 'm' }));
    const { codebook } = mergeTopics(deep, 'a', 'x');
    expect(checkCodebook(codebook)).toBeNull();
    expect(get(codebook, 'x').parent).toBe('r');
    expect(get(codebook, 'm').parent).toBe('x');
  });

  it('refuses merging a topic into itself or an unknown one', () => {
    expect(() => mergeTopics(cb, 'a', 'a')).toThrow('"A" cannot be merged into itself.');
    expect(() => mergeTopics(cb, 'a', 'zz')).toThrow('No topic has the id "zz"');
  });
});

describe('deleteTopic', () => {
  const cb = frozen(book(topic('p'), topic('a', { parent: 'p' }), topic('a1', { parent: 'a' }), topic('b')));
  const notes = frozen([annotation('n1', ['a']), annotation('n2', ['a', 'b']), annotation('n3', ['b']), annotation('n4', ['a'], 'note')]);

  it('re-parents the children to the deleted topic\'s parent', () => {
    const { codebook } = deleteTopic(cb, 'a');
    expect(ids(codebook)).toEqual(['p', 'a1', 'b']);
    expect(get(codebook, 'a1').parent).toBe('p');
  });

  it('without reassignment keeps every annotation; a topic tag left without topics stays, uncoded', () => {
    const after = deleteTopic(cb, 'a').updateAnnotations(notes);
    expect(after.map((a) => [a.id, a.kind, a.topics])).toEqual([
      ['n1', 'topic', []],
      ['n2', 'topic', ['b']],
      ['n3', 'topic', ['b']],
      ['n4', 'note', []],
    ]);
  });

  it('with reassignment gives the annotations the other topic, once', () => {
    const after = deleteTopic(cb, 'a', { reassignTo: 'b' }).updateAnnotations(notes);
    expect(after.map((a) => a.topics)).toEqual([['b'], ['b'], ['b'], ['b']]);
  });

  it('may reassign to a descendant of the deleted topic', () => {
    const { codebook, updateAnnotations } = deleteTopic(cb, 'a', { reassignTo: 'a1' });
    expect(checkCodebook(codebook)).toBeNull();
    expect(updateAnnotations(notes)[0]?.topics).toEqual(['a1']);
  });

  it('refuses reassigning to itself or to an unknown topic', () => {
    expect(() => deleteTopic(cb, 'a', { reassignTo: 'a' })).toThrow('"A" cannot be reassigned to itself when it is deleted.');
    expect(() => deleteTopic(cb, 'a', { reassignTo: 'zz' })).toThrow('No topic has the id "zz"');
    expect(() => deleteTopic(cb, 'zz')).toThrow(RangeError);
  });
});
