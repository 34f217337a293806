/**
 * The two real transcripts added for issue 3 (the NATO files are in nato.test.ts), end to end through
 * importBytes with their file names, against the figures in ../shared/transcripts/README.md.
 */
import { describe, expect, it } from 'vitest';
import { importBytes, importTextAccounted } from '../../shared/import/index.js';
import { checkImport, HANSARD, speakerNamed, speakerNames, transcriptBytes, transcriptText, turnCounts, WHITE_HOUSE } from './helpers.js';

describe('White House press gaggle (Markdown, inline labels)', () => {
  const result = importBytes(transcriptBytes(WHITE_HOUSE), { fileName: WHITE_HOUSE });
  const { body } = result;

  it('is read as Markdown, and loses nothing', () => {
    expect(result.convention).toBe('markdown');
    expect(result.confidence).toBeGreaterThan(0.9);
    checkImport(importTextAccounted(transcriptText(WHITE_HOUSE), { fileName: WHITE_HOUSE }), transcriptText(WHITE_HOUSE));
  });

  it('has 58 turns by 5 speakers: Jean-Pierre 12, Tyler 8, Dingell 11, Shuler 10, Q 17', () => {
    expect(body.turns).toHaveLength(58);
    expect(turnCounts(body)).toEqual({ 'Jean-Pierre': 12, Q: 17, Tyler: 8, Dingell: 11, Shuler: 10 });
    expect(speakerNames(body).slice(0, 3)).toEqual(['Jean-Pierre', 'Q', 'Jean-Pierre']);
  });

  it('separates names from honorifics and offices, in normal case', () => {
    expect(speakerNamed(body, 'Jean-Pierre')).toMatchObject({ role: 'Ms.', aliases: ['MS. JEAN-PIERRE:'], anonymous: false });
    expect(speakerNamed(body, 'Dingell')).toMatchObject({ role: 'Representative', aliases: ['REPRESENTATIVE DINGELL:'] });
    expect(speakerNamed(body, 'Tyler').role).toBe('Mr.');
    expect(speakerNamed(body, 'Q')).toMatchObject({ anonymous: true });
  });

  it('makes the front matter and the dateline metadata, never turns', () => {
    expect(body.metadata).toMatchObject({
      date: '2024-07-12',
      tags: 'press-briefings',
      time: '3:18 P.M. EDT',
      heading: 'Aboard Air Force One\nEn Route Detroit, Michigan',
    });
    expect(body.metadata.title).toMatch(/^Press Gaggle by Press Secretary Karine Jean-Pierre, .* Liz Shuler en Route Detroit,\u00A0MI$/);
    const text = body.turns.flatMap((t) => t.paragraphs).join('\n');
    expect(text).not.toMatch(/modified_time|3:18 P\.M\.|Aboard Air Force One/);
  });

  it('marks stage directions as non-speech and keeps them in the text', () => {
    const laughs = body.turns[8];
    expect(laughs?.paragraphs).toEqual(['(Laughs.)']);
    expect(laughs?.nonSpeech).toEqual([{ paragraph: 0, from: 0, to: 9 }]);
    const dingell = body.turns.find((t) => t.paragraphs[0]?.startsWith('(Inaudible) picket line.'));
    expect(dingell?.nonSpeech).toEqual([{ paragraph: 0, from: 0, to: 11 }]);
    expect(body.turns.filter((t) => t.nonSpeech?.length).length).toBeGreaterThanOrEqual(6);
  });

  it('joins hard-wrapped lines, and a sentence that a blank line cut in two', () => {
    const tyler = body.turns.find((t) => t.paragraphs[0]?.startsWith('That’s — we’ll — we’ll provide'));
    expect(tyler?.paragraphs[0]).toMatch(/a clear choice between working people across this country who understand/);
    expect(body.turns[6]?.paragraphs).toEqual(['Hi.\u00A0 Your “big boy” press conference came to fruition.\u00A0 Ten reporters, 19 questions.\u00A0 Not bad.']);
  });

  it('keeps two Q turns in a row as two turns', () => {
    const names = speakerNames(body);
    expect(names.some((n, i) => n === 'Q' && names[i + 1] === 'Q')).toBe(true);
  });
});

describe('Canadian Hansard (labels on their own lines, no blank lines)', () => {
  const result = importBytes(transcriptBytes(HANSARD), { fileName: HANSARD });
  const { body } = result;
  const lines = transcriptText(HANSARD).split('\n');
  const isLabel = (line: string | undefined) => /\):\s*$/.test(line ?? '');

  it('is read as labels on their own lines, and loses nothing', () => {
    expect(result.convention).toBe('label-line');
    expect(result.confidence).toBeGreaterThan(0.7);
    checkImport(importTextAccounted(transcriptText(HANSARD)), transcriptText(HANSARD));
  });

  it('has a turn for each of the 131 label occurrences, by 57 distinct speakers', () => {
    expect(body.turns).toHaveLength(131);
    expect(body.turns.map((t) => t.label)).toEqual(lines.filter(isLabel).map((l) => l.trim()));
    expect(body.speakers).toHaveLength(57);
  });

  it('gives a label with no text under it one empty paragraph: 33 labels followed at once by another, 6 more by only a heading', () => {
    const followedByLabel = lines.filter((l, i) => isLabel(l) && isLabel(lines[i + 1])).length;
    expect(followedByLabel).toBe(33);
    const empty = body.turns.filter((t) => t.paragraphs.length === 1 && t.paragraphs[0] === '');
    expect(empty).toHaveLength(39);
  });

  it('starts with three turns of the Acting Speaker (Ms. Thibeault)', () => {
    const thibeault = body.speakers.find((s) => s.aliases.includes('The Acting Speaker (Ms. Thibeault):'));
    expect(thibeault).toMatchObject({ name: 'Thibeault', role: 'Acting Speaker' });
    expect(body.turns.slice(0, 3).map((t) => t.speaker)).toEqual([thibeault?.id, thibeault?.id, thibeault?.id]);
    expect(body.turns[0]?.paragraphs).toEqual(['Is the House ready for the question?']);
  });

  it('makes the two Eggleton labels one speaker, and the two Acting Speakers two', () => {
    expect(speakerNamed(body, 'Arthur C. Eggleton')).toMatchObject({
      role: 'Minister of National Defence, Lib.',
      aliases: ['Hon. Arthur C. Eggleton (Minister of National Defence, Lib.):', 'The Hon. Arthur C. Eggleton (Minister of National Defence, Lib.):'],
    });
    const acting = body.speakers.filter((s) => s.role === 'Acting Speaker');
    expect(acting.map((s) => s.name)).toEqual(['Thibeault', 'McClelland']);
  });

  it('separates names from ridings, offices and parties, nested brackets included', () => {
    expect(speakerNamed(body, 'Herb Gray').role).toBe('Deputy Prime Minister, Lib.');
    expect(speakerNamed(body, 'Werner Schmidt').role).toBe('Kelowna, Ref.');
    expect(speakerNamed(body, 'Jim Peterson').role).toBe('Secretary of State (International Financial Institutions), Lib.');
  });

  it('sets the table of contents aside whole, and headings between turns too', () => {
    const [contents, ...rest] = body.removed;
    expect(contents).toMatchObject({ kind: 'contents', afterTurn: null });
    expect(contents?.text).toBe(lines.slice(0, 36).join('\n'));
    const headings = rest.filter((r) => r.kind === 'other').map((r) => r.text);
    expect(headings).toContain('ROYAL CANADIAN MINT ACT');
    expect(headings).toContain('PUBLIC SAFETY OFFICERS COMPENSATION FUND');
    expect(headings).toContain('Mr. Gerry Byrne (Humber-St.'); // a label cut short: not a turn, not speech
    const text = body.turns.flatMap((t) => t.paragraphs).join('\n');
    expect(text).not.toMatch(/ROYAL CANADIAN MINT ACT|EDITED HANSARD|Gerry Byrne/);
  });

  it('keeps lines that end in a colon but are not labels as text, and the text after a heading with its speaker', () => {
    const schmidt = body.turns.find((t) => t.label === 'Mr. Werner Schmidt (Kelowna, Ref.):');
    expect(schmidt?.paragraphs).toContain('Here are the new powers:');
    expect(schmidt?.paragraphs).toContain('I would now like to read the summary contained in the bill itself:');
    const lastBellemare = body.turns.filter((t) => t.label === 'Mr. Eugene Bellemare (Carleton-Gloucester, Lib.):').at(-1);
    expect(lastBellemare?.paragraphs).toContain('Question No. 110- Mr. Chris Axworthy:');
    expect(body.turns[8]?.paragraphs).toEqual(['Let us get into these amendments a little more.']);
  });

  it('keeps one sentence per line as one paragraph per line', () => {
    expect(body.turns[1]?.paragraphs).toEqual(['The question is on the amendment.', 'Is it the pleasure of the House to adopt the amendment?']);
  });
});
