/**
 * Markdown transcripts (.md), as archives and static sites keep them:
 *
 *     ---
 *     title: "Press Gaggle by Press Secretary ..."
 *     date: '2024-07-12'
 *     ---
 *     **MS. JEAN-PIERRE:** Hi, everybody. \[laughter\]
 *
 * Markdown is a wrapping, not a way of marking speakers: front matter becomes metadata
 * (front-matter.ts), markup is taken out of the text (markdown-text.ts), and the cleaned text is read by
 * whichever speaker convention recognises it best (inline labels, labels on their own lines, timed), with
 * Markdown's headings passed on so that they are never taken for labels.
 */
import { AccountRecorder, joinAccounts } from './accounting.js';
import { detectionSample, type Convention, type ConventionReading, type SourceHints } from './convention.js';
import { readFrontMatter } from './front-matter.js';
import { inlineConvention } from './inline.js';
import { labelLineConvention } from './label-line.js';
import { cleanMarkdown } from './markdown-text.js';
import { paragraphsConvention } from './paragraphs.js';
import { timedConvention } from './timed.js';
import type { Metadata } from '../model.js';

/** The conventions that can be found inside Markdown, in order of preference on a tie. */
const INNER: readonly Convention[] = [timedConvention, inlineConvention, labelLineConvention, paragraphsConvention];

/** Front matter or a .md name is Markdown beyond doubt; a little under the subtitle formats' signatures. */
const SURE = 0.97;
/** Markup in the text without either: Markdown, if the convention inside is recognised too. */
const MIN_MARKS = 3;
const MARKS_BONUS = 0.02;

export const markdownConvention: Convention = {
  id: 'markdown',
  label: 'Markdown (front matter, emphasis)',
  detect(text, hints) {
    if (/^---[ \t]*\n/.test(text) && readFrontMatter(text, new AccountRecorder()) !== null) return SURE;
    if (/\.(md|markdown|mdown|mkd)$/i.test(hints?.fileName ?? '')) return SURE;
    if (countMarks(text) < MIN_MARKS) return 0;
    const clean = cleanMarkdown(text, new AccountRecorder());
    const inner = Math.max(...INNER.map((c) => c.detect(clean.text, { headingLines: clean.headingLines })));
    return Math.min(SURE - MARKS_BONUS, inner + MARKS_BONUS);
  },
  parse(text, hints): ConventionReading {
    const recorder = new AccountRecorder();
    const front = readFrontMatter(text, recorder);
    const body = front ? text.slice(front.end) : text;
    const clean = cleanMarkdown(body, recorder);
    const innerHints: SourceHints = { ...hints, headingLines: clean.headingLines };
    const inner = bestInner(clean.text, innerHints).parse(clean.text, innerHints);
    const metadata: Metadata = {};
    for (const [key, value] of [...(front?.entries ?? []), ...Object.entries(inner.body.metadata)]) {
      const before = metadata[key];
      metadata[key] = before === undefined ? value : `${before}\n\n${value}`;
    }
    return {
      convention: 'markdown',
      confidence: markdownConvention.detect(detectionSample(text), hints),
      body: { ...inner.body, metadata },
      warnings: inner.warnings,
      account: joinAccounts(recorder.account(), inner.account ?? { consumed: [], produced: [] }),
    };
  },
};

function bestInner(text: string, hints: SourceHints): Convention {
  const sample = detectionSample(text);
  let best = paragraphsConvention;
  let score = -1;
  for (const c of INNER) {
    const s = c.detect(sample, hints);
    if (s > score) [best, score] = [c, s];
  }
  return best;
}

/** Lines with Markdown's marks: headings, bold labels, escapes, emphasis. Counted on the detection sample. */
function countMarks(text: string): number {
  const marks = text.match(/^#{1,6}[ \t]|^\*\*[^*\n]{1,80}\*\*|\\[[\]*_#()]|(?<![\w*])\*\*?[^\s*][^*\n]{0,80}?\*\*?(?![\w*])|^>[ \t]/gm);
  return marks?.length ?? 0;
}
