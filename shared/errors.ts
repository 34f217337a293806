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

/** The message of an error, or the value as text: what a `catch` can show, whatever was thrown. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** A size as people say it: "60 MB", "50.4 MB", "3.0 GB". */
export function sizeText(bytes: number): string {
  const mb = bytes / 1024 / 1024;
  if (mb >= 1024) return `${(mb / 1024).toFixed(1)} GB`;
  return Number.isInteger(mb) ? `${mb} MB` : `${mb.toFixed(1)} MB`;
}
