/**
 * Timestamps as transcripts and captions write them: "0:05", "1:23", "00:01:23", "01:02:03.456",
 * "00:01:23,456" (SubRip's comma). Parley keeps times as seconds from the start of the recording.
 */

/** The text of a timestamp, for building larger patterns: [h:]mm:ss with optional fractions. */
export const TIMESTAMP = String.raw`\d{1,3}:\d{2}(?::\d{2})?(?:[.,]\d{1,3})?`;

const WHOLE = new RegExp(String.raw`^(\d{1,3}):(\d{2})(?::(\d{2}))?(?:[.,](\d{1,3}))?$`);

/**
 * The seconds a timestamp stands for, or null when the text is not one. Two parts are minutes and
 * seconds, three are hours, minutes and seconds; minutes and seconds after the first part stay under 60.
 */
export function parseTimestamp(text: string): number | null {
  const m = WHOLE.exec(text.trim());
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  const c = m[3] === undefined ? null : Number(m[3]);
  const fraction = m[4] === undefined ? 0 : Number(`0.${m[4]}`);
  if (b >= 60 || (c !== null && c >= 60)) return null;
  const seconds = c === null ? a * 60 + b : a * 3600 + b * 60 + c;
  return seconds + fraction;
}
