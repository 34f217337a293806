import { describe, expect, it } from 'vitest';
import { inspectSummary, inspectView } from '../../shared/inspect.js';
import { sampleBody } from './helpers.js';

describe('inspectView', () => {
  it('shapes a body: format, sorted metadata, speakers id/name/role, turns with joined paragraphs', () => {
    const view = inspectView({ convention: 'label-line', body: sampleBody(), warnings: ['w'] });
    expect(view).toEqual({
      format: 'label-line',
      metadata: { date: '2024-12-03', title: 'Press conference', 'über': 'ü' },
      speakers: [
        { id: 'mark-rutte', name: 'Mark Rutte', role: 'NATO Secretary General' },
        { id: 'question', name: 'Question', role: null },
      ],
      turns: [
        { speaker: 'mark-rutte', text: 'Good afternoon.\nSecond 👍 paragraph.' },
        { speaker: 'question', text: 'A question?' },
        { speaker: null, text: '' },
      ],
      warnings: ['w'],
      annotations: [],
    });
    expect(Object.keys(view.metadata)).toEqual(['date', 'title', 'über']);
  });

  it('summarises speakers with turn counts, the first turns and the warnings', () => {
    const view = inspectView({ convention: 'label-line', body: sampleBody(), warnings: ['Something odd.'] });
    const text = inspectSummary(view, { fileName: 'kyiv.txt', confidence: 0.9, savedAt: null, firstTurns: 2 });
    expect(text).toContain('File: kyiv.txt\nRead as: label-line (confidence 0.90), imported afresh');
    expect(text).toContain('  Mark Rutte (NATO Secretary General): 1 turn\n');
    expect(text).toContain('  (no speaker): 1 turn\n');
    expect(text).toContain('Turns: 3, the first 2:\n  Mark Rutte: Good afternoon. Second 👍 paragraph.\n  Question: A question?\n');
    expect(text).toContain('Warnings (1):\n  - Something odd.\n');
  });
});
