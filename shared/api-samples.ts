/**
 * Small answers of the API as the contract describes them, with every optional part present:
 * the renderer checks them while the start screen is idle, so that the code that checks an
 * answer is compiled before the first real answer comes (see warmUpChecks in the renderer).
 * A test holds them valid against the contract.
 */
import type { OpenResult } from './api.js';
import type { Annotation } from './annotation.js';

const codebook = {
  topics: [
    { id: 'economy', label: 'Economy', color: '#1f77b4', description: 'Prices, jobs, budgets', parent: null, key: 1 },
    { id: 'energy', label: 'Energy', color: '#ff7f0e', description: '', parent: 'economy', key: null },
  ],
  claimTypes: [{ id: 'statistic', label: 'Statistic', color: '#1f77b4' }],
  statuses: [{ id: 'unchecked', label: 'Unchecked', color: '#9e9e9e' }],
};

export const SAMPLE_OPEN_RESULT: OpenResult = {
  docId: 'sample-doc',
  fileId: 'sample-file',
  fileName: 'briefing.txt',
  sidecarName: 'briefing.txt.annotations.json',
  body: {
    metadata: { title: 'Briefing' },
    speakers: [
      { id: 'ana-silva', name: 'Ana Silva', role: 'Minister', aliases: ['MINISTER SILVA'], anonymous: false },
      { id: 'question', name: 'Question', role: null, aliases: ['Q'], anonymous: true },
    ],
    turns: [
      { id: 't1', speaker: 'ana-silva', label: 'MINISTER SILVA:', paragraphs: ['Good morning.', 'Prices fell by 3% last year.'] },
      {
        id: 't2',
        speaker: 'question',
        label: 'Q',
        paragraphs: ['Natalya Kushnir, ABC News. (Laughter.) Will they fall again?'],
        start: 61,
        end: 75.5,
        nonSpeech: [{ paragraph: 0, from: 27, to: 38 }],
        suggestion: { name: 'Natalya Kushnir', role: 'ABC News', evidence: 'Natalya Kushnir, ABC News.' },
      },
      { id: 't3', speaker: null, label: null, paragraphs: [''] },
    ],
    removed: [{ id: 'r1', kind: 'chrome', reason: 'Page navigation', text: 'Home | News', afterTurn: null }],
    history: [{ turn: 't2', from: null, to: 'question', at: '2026-01-01T00:00:00.000Z' }],
    codebook,
  },
  convention: 'label-line',
  confidence: 0.9,
  warnings: ['One label had no text under it.'],
  readOnly: false,
  problem: { kind: 'source-changed', message: 'The source file changed since the annotations were saved.' },
  fromSidecar: true,
  savedAt: '2026-01-01T00:00:00.000Z',
  draft: { savedAt: '2026-01-01T00:00:00.000Z' },
  backup: null,
  unsaved: false,
  deferredAnnotations: true,
};

export const SAMPLE_ANNOTATIONS: Annotation[] = [
  {
    id: 'a1',
    kind: 'claim',
    target: { start: 14, end: 42, exact: 'Prices fell by 3% last year.', prefix: 'Good morning.\n', suffix: '' },
    detached: false,
    topics: ['economy'],
    note: 'Check against the statistics office.',
    claim: { type: 'statistic', status: 'unchecked', checkWorthiness: 2, claimant: 'ana-silva', sources: [{ url: 'https://example.org/cpi', title: 'CPI' }] },
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-02T00:00:00.000Z',
  },
  {
    id: 'a2',
    kind: 'topic',
    target: { start: 0, end: 4, exact: 'Good', prefix: '', suffix: ' morning.' },
    detached: true,
    topics: [],
    note: '',
    claim: null,
    created: '2026-01-01T00:00:00.000Z',
    modified: '2026-01-01T00:00:00.000Z',
  },
];
