/**
 * Golden outputs: every format of the annotated fixture, byte for byte. The files in
 * test/fixtures/annotated/golden/ were made by these exporters and read through by a person; a change
 * that alters any output shows up here, to be reviewed and then accepted with UPDATE_GOLDEN=1.
 */
import { describe, expect, it } from 'vitest';
import { EXPORT_FORMAT_IDS, exportTranscript, listExportFormats } from '../../shared/export/index.js';
import { expectGolden, fixtureInput, timedInput } from './helpers.js';

describe('golden outputs of the annotated fixture', () => {
  for (const format of EXPORT_FORMAT_IDS.filter((f) => f !== 'srt' && f !== 'vtt')) {
    it(`${format} matches its golden file`, async () => {
      const result = await exportTranscript(format, fixtureInput());
      expect(result.warnings).toEqual([]);
      const info = listExportFormats().find((f) => f.id === format)!;
      expect(result.files.map((f) => f.name)).toEqual(info.extensions.map((ext) => `nato-rutte-zelenskyy-kyiv-press-conference.txt.${ext}`));
      for (const file of result.files) await expectGolden(file.name, file.data);
    });
  }

  for (const format of ['srt', 'vtt'] as const) {
    it(`${format} of the timed variant matches its golden file; the untimed fixture is refused`, async () => {
      const result = await exportTranscript(format, timedInput());
      for (const file of result.files) await expectGolden(file.name, file.data);
      await expect(exportTranscript(format, fixtureInput())).rejects.toThrow(/has no times, so it cannot be exported as (SRT|WebVTT) subtitles/);
    });
  }

  it('is deterministic: the same input gives the same bytes in every format', async () => {
    for (const format of EXPORT_FORMAT_IDS) {
      const input = format === 'srt' || format === 'vtt' ? timedInput() : fixtureInput();
      const [a, b] = [await exportTranscript(format, input), await exportTranscript(format, input)];
      expect(a.files.map((f) => Buffer.from(f.data))).toEqual(b.files.map((f) => Buffer.from(f.data)));
    }
  });
});
