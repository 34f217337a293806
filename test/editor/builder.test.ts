/** The test builder's places agree with the editor's own: its positions and working text are the ones convert.ts and positions.ts make. */
import { describe, expect, it } from 'vitest';
import { docFromBody } from '../../renderer/editor/convert.js';
import { indexDoc, textOffset } from '../../renderer/editor/positions.js';
import { p, speaker, transcript, turn } from './builder.js';

describe('transcript builder', () => {
  const t = transcript(
    { speakers: [speaker('ben', { role: 'host' })] },
    turn('ana', p('<start>Alpha <a>beta<b> gamma.'), p('Delta<c> epsilon.<end1>')),
    turn(null, { label: 'Q' }, p('<d>Zeta eta theta.')),
    turn('mark-rutte', p(''), p('Iota <e>kappa<f>')),
  );
  const doc = docFromBody(t.body);

  it('makes the body: ids by place, speakers collected after those given, tags out of the text', () => {
    expect(t.body.turns.map((x) => [x.id, x.speaker, x.label, x.paragraphs])).toEqual([
      ['t1', 'ana', null, ['Alpha beta gamma.', 'Delta epsilon.']],
      ['t2', null, 'Q', ['Zeta eta theta.']],
      ['t3', 'mark-rutte', null, ['', 'Iota kappa']],
    ]);
    expect(t.body.speakers.map((s) => [s.id, s.name, s.role])).toEqual([
      ['ben', 'Ben', 'host'],
      ['ana', 'Ana', null],
      ['mark-rutte', 'Mark Rutte', null],
    ]);
    expect(t.text).toBe(indexDoc(doc).text);
  });

  it('gives each tag as a document position and as a working-text offset', () => {
    const index = indexDoc(doc);
    for (const name of Object.keys(t.pos)) expect(textOffset(index, t.pos[name]!), name).toBe(t.offset[name]);
    expect(doc.textBetween(t.pos.a!, t.pos.b!)).toBe('beta');
    expect(t.text.slice(t.offset.a, t.offset.b)).toBe('beta');
    expect(doc.textBetween(t.pos.e!, t.pos.f!)).toBe('kappa');
    expect(t.text.slice(t.offset.c, t.offset.d)).toBe(' epsilon.\n\n');
    expect(t.pos.start).toBe(2);
    expect(t.offset.end1).toBe('Alpha beta gamma.\nDelta epsilon.'.length);
  });
});
