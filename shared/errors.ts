/**
 * The one error type Parley raises on purpose. `code` lets callers decide; `message` is a sentence
 * for a person: what is wrong and what to do.
 */
export type ParleyErrorCode =
  | 'not-found'
  | 'not-a-file'
  | 'empty'
  | 'binary'
  | 'encoding'
  | 'too-large'
  | 'sidecar-invalid'
  | 'source-changed'
  | 'read-only'
  | 'conflict'
  | 'access-denied'
  | 'bad-request'
  | 'io';

export class ParleyError extends Error {
  override readonly name = 'ParleyError';
  constructor(
    readonly code: ParleyErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export function isParleyError(e: unknown): e is ParleyError {
  return e instanceof ParleyError;
}
