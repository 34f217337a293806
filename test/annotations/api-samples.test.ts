/**
 * The sample answers the renderer checks while its start screen is idle (renderer/api-client.ts,
 * warmUpChecks), and the hosts read as a sidecar once they are up (warmUpSidecarChecks), are
 * valid: an invalid one would compile the path that reports an error, not the one a real open
 * takes. They go through JSON first, as the renderer gets them.
 */
import { describe, expect, it } from 'vitest';
import { apiSchema } from '../../shared/api.js';
import { SAMPLE_ANNOTATIONS, SAMPLE_OPEN_RESULT } from '../../shared/api-samples.js';
import { warmUpSidecarChecks } from '../../annotations/sidecar-file.js';

const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('the API samples', () => {
  it('are answers the contract accepts, with every optional part present', () => {
    expect(apiSchema.openFile.result.parse(viaJson(SAMPLE_OPEN_RESULT))).toEqual(SAMPLE_OPEN_RESULT);
    expect(apiSchema.annotations.result.parse(viaJson({ annotations: SAMPLE_ANNOTATIONS }))).toEqual({ annotations: SAMPLE_ANNOTATIONS });
    const turns = SAMPLE_OPEN_RESULT.body.turns;
    expect(turns.some((t) => t.start !== undefined && t.end !== undefined && t.nonSpeech?.length && t.suggestion)).toBe(true);
    expect(SAMPLE_ANNOTATIONS.some((a) => a.claim?.sources.length)).toBe(true);
  });

  it('make a sidecar that both roads of an open read as valid: the head first, then the annotations, or whole', () => {
    expect(warmUpSidecarChecks()).toBe(true);
  });
});
