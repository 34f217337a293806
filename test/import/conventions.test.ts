/**
 * Golden tests on fixtures we wrote for each convention (test/fixtures/conventions). Their words are
 * our own; their shapes follow real exports: press-office briefings, podcast and meeting-tool exports,
 * caption files, Markdown archives, parliamentary records. Each file varies names, titles, punctuation
 * and spacing so that the tests hold the convention, not one file.
 */
import { describe, expect, it } from 'vitest';
import { importText, importTextAccounted } from '../../shared/import/index.js';
import type { ImportResult } from '../../shared/model.js';
import { checkImport, fixtureText, speakerNamed, speakerNames, turnCounts } from './helpers.js';

/** Import a fixture by name (the name is the hint it would be in the app), checking the invariants. */
function read(name: string): ImportResult {
  const text = fixtureText(name);
  const imported = importTextAccounted(text, { fileName: name });
  checkImport(imported, text);
  return imported.result;
}

const times = (r: ImportResult) => r.body.turns.map((t) => [t.start, t.end]);

describe('inline labels', () => {
  it('reads a press briefing: capitals, no-break spaces, a bare Q, stage directions, a self-introduction', () => {
    const result = read('press-briefing.txt');
    const { body } = result;
    expect(result.convention).toBe('inline');
    expect(body.turns).toHaveLength(16);
    expect(turnCounts(body)).toEqual({ Ferreira: 5, Q: 6, 'The Minister': 3, 'Ní Bhriain': 2 });
    // "MR. FERREIRA" and "PRESS SECRETARY FERREIRA" are one person; the office replaces the honorific.
    expect(speakerNamed(body, 'Ferreira')).toMatchObject({ role: 'Press Secretary', aliases: ['MR. FERREIRA:', 'PRESS SECRETARY FERREIRA:'] });
    expect(speakerNamed(body, 'Q')).toMatchObject({ anonymous: true, aliases: ['Q', 'Q:'] });
    expect(body.metadata).toEqual({ heading: 'Press Briefing by Press Secretary Tomás Ferreira\nMinistry of Coastal Affairs, Briefing Room', time: '11:05 A.M. WET' });
    expect(body.turns[0]?.paragraphs).toHaveLength(4);
    expect(body.turns[0]?.nonSpeech).toEqual([{ paragraph: 2, from: 70, to: 81 }]);
    // A sentence that a blank line cut in two is one sentence again.
    expect(body.turns[4]?.paragraphs).toEqual(["It didn't cost extra.\u00A0 The contractor had crews free after the bridge job was cancelled."]);
    expect(body.turns[5]?.suggestion).toEqual({ name: 'Hélène Dubois', role: 'Le Littoral', evidence: 'Hélène Dubois, Le Littoral.' });
    expect(body.turns[11]).toMatchObject({ paragraphs: ['(Laughs.)\u00A0 One at a time.'], nonSpeech: [{ paragraph: 0, from: 0, to: 9 }] });
    // Two questions in a row from different reporters stay two turns.
    expect(speakerNames(body).slice(9, 11)).toEqual(['Q', 'Q']);
    expect(body.removed.map((r) => r.text)).toEqual(['END\u00A0\u00A0\u00A0\u00A011:31 A.M. WET']);
  });

  it('reads an interview: mixed-case names, an affiliation in square brackets, a one-off office, "Note:" in speech', () => {
    const { body, convention } = read('interview.txt');
    expect(convention).toBe('inline');
    expect(speakerNames(body)).toEqual(['Jo Whitcombe', 'Anselm Kraus', 'Jo Whitcombe', 'Anselm Kraus', 'Jo Whitcombe', 'Anselm Kraus', 'Producer', 'Jo Whitcombe']);
    expect(speakerNamed(body, 'Anselm Kraus').role).toBe('Kraus Family Orchards');
    expect(body.turns[2]?.paragraphs[0]).toMatch(/^Thirty-one! Note: that's longer/);
    expect(body.turns[3]?.paragraphs).toEqual(['2012. A late frost took every blossom in a single night.', 'We sold firewood that year.']);
    expect(body.metadata).toEqual({ heading: 'Transcript: "Small Farms, Big Weather" — episode 14' });
  });
});

describe('timed turns', () => {
  it('reads [hh:mm:ss] Name: text, with a bare timestamp line going on with the same speaker', () => {
    const result = read('bracket-times.txt');
    expect(result.convention).toBe('timed');
    expect(speakerNames(result.body)).toEqual(['Priya Raman', 'Felix Oduya', 'Priya Raman', 'Felix Oduya', 'Priya Raman']);
    expect(result.body.turns.map((t) => t.start)).toEqual([4, 15, 19, 23, 70]);
    expect(result.body.turns[0]?.paragraphs).toEqual([
      'Welcome back to Tidewater, the podcast about coasts.',
      "Today I'm joined by a marine ecologist who has spent ten years counting seagrass.",
    ]);
    expect(result.body.turns[3]?.paragraphs).toEqual(["The beds moved. They're about forty metres further out.", 'That surprised all of us.']);
    expect(speakerNamed(result.body, 'Priya Raman').role).toBe('Host');
    expect(speakerNamed(result.body, 'Felix Oduya').role).toBe('Dr.');
  });

  it('reads Name (mm:ss): on its own line, a label with nothing under it included', () => {
    const result = read('paren-times.txt');
    expect(result.convention).toBe('timed');
    expect(result.body.turns.map((t) => [t.label, t.start])).toEqual([
      ['Interviewer:', 0],
      ['Edith Marlowe:', 7],
      ['Interviewer:', 15],
      ['Edith Marlowe:', 19],
      ['Interviewer:', 62],
    ]);
    expect(result.body.turns.at(-1)?.paragraphs).toEqual(['']);
    expect(result.body.turns[3]?.paragraphs).toEqual(["It went quiet. You don't realise how loud a mill is until it's quiet.", 'We all just stood there.']);
    expect(result.body.metadata).toEqual({ heading: 'Oral history project: the mill strike, recorded 1998' });
  });

  it('reads a meeting tool’s Name  m:ss export', () => {
    const result = read('meeting-export.txt');
    expect(result.convention).toBe('timed');
    expect(speakerNames(result.body)).toEqual(['Rosalind Achebe', 'Unknown Speaker', 'Rosalind Achebe', 'Bartek Nowicki', 'Rosalind Achebe', 'Unknown Speaker']);
    expect(result.body.turns.map((t) => t.start)).toEqual([2, 11, 14, 19, 70, 75]);
    expect(result.body.turns[3]?.paragraphs).toEqual(['I can do Thursday.', "Also the shed key is missing, so we'll need a spare cut."]);
    expect(speakerNamed(result.body, 'Unknown Speaker').anonymous).toBe(true);
    expect(result.body.turns[4]?.nonSpeech).toEqual([{ paragraph: 0, from: 7, to: 18 }]);
  });
});

describe('subtitles', () => {
  it('reads WebVTT voice tags: runs of one voice are one turn with the cues’ times; header, NOTE and STYLE kept', () => {
    const result = read('captions-voices.vtt');
    const { body } = result;
    expect(result.convention).toBe('webvtt');
    expect(speakerNames(body)).toEqual(['Ingrid Solberg', 'Tomasz Wróbel', 'Audience Member', 'Ingrid Solberg', 'Tomasz Wróbel']);
    expect(times(result)).toEqual([
      [0.5, 6],
      [6.4, 12],
      [12.5, 14],
      [15.2, 18.75],
      [15.2, 24],
    ]);
    expect(body.turns[0]?.paragraphs).toEqual(['Good evening. We are quorate, so let’s begin with the ferry timetable.']);
    expect(body.turns[1]?.paragraphs).toEqual(['Thank you, Chair. The winter timetable cuts two crossings & adds one. Only on weekdays.']);
    expect(body.turns[4]?.paragraphs).toEqual(['The early boat stays.', 'And that is a promise. (Laughter)']);
    expect(body.metadata).toEqual({ title: 'Harbour Board, evening session', kind: 'captions', language: 'en-GB' });
    expect(body.removed.map((r) => r.text.split('\n')[0])).toEqual(['NOTE', 'STYLE']);
    expect(speakerNamed(body, 'Ingrid Solberg').role).toBe('Chair');
  });

  it('reads WebVTT with NAME: at the start of cues and >> for a new, unnamed speaker', () => {
    const result = read('newsroom-captions.vtt');
    expect(result.convention).toBe('webvtt');
    expect(speakerNames(result.body)).toEqual(['Anchor', 'Dana Whitlock', null, 'Dana Whitlock', 'Anchor']);
    expect(result.body.turns[0]?.paragraphs).toEqual(['Good evening. Our top story tonight: the river has crested. Reporter Dana Whitlock is in Harrowgate.']);
    expect(result.body.turns[3]).toMatchObject({ paragraphs: ['Not yet — engineers are checking it now. [sirens]'], start: 10.2, end: 13.9 });
  });

  it('reads SubRip: CRLF, numbers, commas in times, tags, labels only where the speaker changes', () => {
    const result = read('survey-walk.srt');
    expect(result.convention).toBe('srt');
    expect(speakerNames(result.body)).toEqual([null, 'Margit Halvorsen', 'Okonkwo', 'Margit Halvorsen', null, 'Okonkwo']);
    expect(times(result)).toEqual([
      [1, 3.5],
      [4, 9],
      [9.5, 12],
      [12.1, 15],
      [15.1, 16],
      [16.2, 19],
    ]);
    expect(result.body.turns[1]?.paragraphs).toEqual(['The survey line starts at the old lighthouse. We walk it every spring.']);
    expect(result.body.turns[0]).toMatchObject({ paragraphs: ['[wind noise]'], nonSpeech: [{ paragraph: 0, from: 0, to: 12 }] });
    expect(speakerNamed(result.body, 'Okonkwo').role).toBe('Dr.');
  });
});

describe('more shapes of the same conventions', () => {
  it('reads a meeting tool’s WebVTT with mixed-case Name: in cues, someone speaking once included', () => {
    const text = [
      'WEBVTT',
      '1\n00:00:00.000 --> 00:00:03.000\nJane Doe: Hi everyone, thanks for joining.',
      '2\n00:00:03.500 --> 00:00:06.000\nJane Doe: Let us start with the budget.',
      '3\n00:00:06.200 --> 00:00:08.000\nOmar Haddad: Sure, I can go first.',
      '4\n00:00:08.100 --> 00:00:10.000\nJane Doe: Great.',
    ].join('\n\n');
    const imported = importTextAccounted(text, { fileName: 'meeting.vtt' });
    checkImport(imported, text);
    expect(speakerNames(imported.result.body)).toEqual(['Jane Doe', 'Omar Haddad', 'Jane Doe']);
    expect(imported.result.body.turns[0]).toMatchObject({ start: 0, end: 6, paragraphs: ['Hi everyone, thanks for joining. Let us start with the budget.'] });
  });

  it('reads automatic captions with no speakers as turns split at pauses, karaoke timestamps dropped', () => {
    const text = 'WEBVTT\nKind: captions\n\n00:00:00.000 --> 00:00:02.000 align:start position:0%\nso today we talk\n\n00:00:02.000 --> 00:00:04.000\nabout<00:00:02.500><c> tides</c>\n\n00:00:09.000 --> 00:00:11.000\nand the moon';
    const imported = importTextAccounted(text);
    checkImport(imported, text);
    expect(imported.result.body.turns.map((t) => [t.speaker, t.paragraphs, t.start, t.end])).toEqual([
      [null, ['so today we talk about tides'], 0, 4],
      [null, ['and the moon'], 9, 11],
    ]);
  });

  it('reads a news transcript: roles after a comma, unidentified speakers, stage directions in capitals', () => {
    const text = [
      'EVENING BULLETIN',
      'RUTH OKAFOR, ANCHOR: Good evening. The river has crested.',
      '(BEGIN VIDEOTAPE)',
      'UNIDENTIFIED MALE: It came up so fast.',
      'UNIDENTIFIED FEMALE: We lost the shop.',
      '(END VIDEOTAPE)',
      'OKAFOR: The mayor joins us now.',
      'MAYOR LENA VOSS (I): Thanks, Ruth. (CROSSTALK)',
      'OKAFOR: How many homes are still without power?',
      'VOSS: About nine hundred.',
    ].join('\n\n');
    const imported = importTextAccounted(text);
    checkImport(imported, text);
    const { body } = imported.result;
    expect(imported.result.convention).toBe('inline');
    expect(turnCounts(body)).toEqual({ 'Ruth Okafor': 3, 'Unidentified Male': 1, 'Unidentified Female': 1, 'Lena Voss': 2 });
    expect(speakerNamed(body, 'Ruth Okafor').role).toBe('Anchor');
    expect(speakerNamed(body, 'Lena Voss').role).toBe('Mayor, I');
    expect(body.turns[0]).toMatchObject({ paragraphs: ['Good evening. The river has crested.', '(BEGIN VIDEOTAPE)'], nonSpeech: [{ paragraph: 1, from: 0, to: 17 }] });
  });

  it('reads Rev-style Name (mm:ss): and Name: (mm:ss) labels', () => {
    const text = 'Speaker 1 (00:00):\nWelcome to the show.\n\nSpeaker 2: (00:04)\nThanks for having me.\n\nSpeaker 1 (01:07):\nLet us dive in.';
    const imported = importTextAccounted(text);
    checkImport(imported, text);
    expect(imported.result.convention).toBe('timed');
    expect(imported.result.body.turns.map((t) => [t.label, t.start])).toEqual([
      ['Speaker 1:', 0],
      ['Speaker 2:', 4],
      ['Speaker 1:', 67],
    ]);
  });
});

describe('Markdown', () => {
  it('reads front matter as metadata, bold labels, emphasis and escapes removed, headings set aside', () => {
    const result = read('field-notes.md');
    const { body } = result;
    expect(result.convention).toBe('markdown');
    expect(body.metadata).toMatchObject({
      title: 'Field notes, episode 3 — "The Orchard"',
      recorded: '2023-09-14',
      hosts: "Beatriz Costa\nSam O'Leary",
      heading: 'Episode 3: The Orchard',
    });
    expect(speakerNames(body).filter((n) => n !== null)).toEqual(['Beatriz', 'Sam', 'Beatriz', 'Sam', 'Beatriz', 'Sam', 'Beatriz', 'Sam']);
    const sam = body.turns.filter((t) => t.label === 'Sam:');
    expect(sam[0]?.paragraphs).toEqual(['It is. My grandfather planted it — in 1951, we think.']);
    expect(sam[1]?.paragraphs).toEqual(["No, it is! It's a Bramley, they get like that."]);
    expect(sam[2]?.paragraphs).toEqual(['We lost everything. Every blossom, in one night. *Every* one.']);
    const laughter = body.turns.find((t) => t.paragraphs[0]?.includes('[laughter]'));
    expect(laughter?.nonSpeech).toEqual([{ paragraph: 0, from: 15, to: 25 }]);
    expect(body.removed).toMatchObject([{ kind: 'other', text: 'Part two: the frost' }]);
  });

  it('reads inline labels in capitals inside Markdown, with a setext title and a quoted note', () => {
    const result = read('town-hall.md');
    expect(result.convention).toBe('markdown');
    expect(result.body.metadata).toMatchObject({ date: '2025-05-06', location: "St Brigid's Hall, Pennan", heading: 'Town hall on the coastal path' });
    expect(turnCounts(result.body)).toEqual({ Macaulay: 3, 'Audience Member': 2, 'De Vries': 1 });
    expect(result.body.turns.find((t) => t.label === 'AUDIENCE MEMBER:' && t.paragraphs[0] === 'August!')).toBeDefined();
  });

  it('is read as Markdown from its extension alone, and its labels from their shape', () => {
    const result = importText('Ana: Shall we?\n\nBen: *Yes*.\n\nAna: Good.\n\nBen: _Right._', { fileName: 'chat.md' });
    expect(result.convention).toBe('markdown');
    expect(result.body.turns.map((t) => t.paragraphs[0])).toEqual(['Shall we?', 'Yes.', 'Good.', 'Right.']);
  });
});

describe('labels on their own lines', () => {
  it('reads a record with no blank lines: contents, headings, nested brackets, empty labels, colons in speech', () => {
    const result = read('hearing-record.txt');
    const { body } = result;
    expect(result.convention).toBe('label-line');
    expect(speakerNames(body)).toEqual([
      'Calloway', 'Calloway', 'Calloway', 'Rupert Vane', 'Adaeze Obi', 'Rupert Vane', 'Ferrante', 'Ferrante',
      'Hannah Lindqvist', 'Adaeze Obi', 'Adaeze Obi', 'Hannah Lindqvist',
    ]);
    expect(body.speakers.filter((s) => s.role === 'Deputy Chair').map((s) => s.name)).toEqual(['Calloway', 'Ferrante']);
    expect(speakerNamed(body, 'Adaeze Obi')).toMatchObject({ role: 'Minister for the Coast (Interim), Ind.' });
    expect(speakerNamed(body, 'Adaeze Obi').aliases).toHaveLength(2);
    expect(body.turns[1]?.paragraphs).toEqual(['']);
    expect(body.turns[3]?.paragraphs).toContain('The department has three priorities this year:');
    expect(body.removed.map((r) => r.kind)).toEqual(['contents', 'other', 'other']);
    expect(body.removed[0]?.text.split('\n').at(-1)).toBe('ESTIMATES DAY');
    expect(body.removed[2]?.text).toBe('Mr. Rupert Vane (Northf');
  });

  it('reads a panel copied from a web page: chrome in one block, roles in brackets, a speaker cut off', () => {
    const result = read('shipyard-panel.txt');
    const { body } = result;
    expect(result.convention).toBe('label-line');
    expect(body.removed.map((r) => [r.kind, r.text])).toEqual([
      ['chrome', 'Home\nSubscribe to our newsletter\nSign in'],
      ['chrome', 'Follow us on LinkedIn\nPrivacy policy'],
    ]);
    expect(turnCounts(body)).toEqual({ 'Lucía Paredes': 3, 'Greta Lindahl': 3, 'Kwame Asante': 3, 'Audience Member': 1 });
    expect(body.turns[8]).toMatchObject({ label: 'Kwame Asante', paragraphs: [''] });
    expect(body.metadata.participants).toMatch(/^Participants: Greta Lindahl/);
    expect(body.metadata.heading).toBe('Shipbuilding and the Energy Transition: A Panel');
    expect(body.turns[3]?.paragraphs).toEqual(['Ferries. Mostly electric. Some hybrid.']);
  });
});
