/**
 * The fallback convention: text with no speaker labels that Parley recognises. Every paragraph becomes
 * a turn without a speaker, for the editor to attribute. Its confidence is low and fixed, so that any
 * convention that recognises something wins, and any text at all still imports.
 */
import { joinLines, splitBlocks } from './blocks.js';
import { chromeWarning, splitChrome } from './chrome.js';
import type { Convention, ConventionReading } from './convention.js';
import { linesAreParagraphs, paragraphsOf } from './paragraph-join.js';
import { TranscriptBuilder } from './transcript-builder.js';

/** The fallback's confidence: above "no idea" (0), below any real recognition. */
export const PARAGRAPHS_CONFIDENCE = 0.1;

export const paragraphsConvention: Convention = {
  id: 'paragraphs',
  label: 'Plain paragraphs, no speakers',
  detect: () => PARAGRAPHS_CONFIDENCE,
  parse(text): ConventionReading {
    // Without labels, only a paragraph too long to be chrome tells where the transcript starts.
    const { body, leading, trailing } = splitChrome(splitBlocks(text), () => false);
    const builder = new TranscriptBuilder();
    const warnings: string[] = [];
    if (leading) {
      builder.addRemoved('chrome', leading.reason, leading.text);
      warnings.push(chromeWarning(leading));
    }
    // A block written one sentence per line gives a turn per line: each may be a different speaker's.
    for (const block of body) {
      if (!linesAreParagraphs(block)) builder.addTurn(null, [joinLines(block.lines)]);
      else for (const p of paragraphsOf(block.lines.map((text) => ({ text, block: 0 })), () => true)) builder.addTurn(null, [p]);
    }
    if (trailing) {
      builder.addRemoved('chrome', trailing.reason, trailing.text);
      warnings.push(chromeWarning(trailing));
    }
    warnings.push(
      builder.turnCount === 0
        ? 'The text is empty: there is nothing to annotate.'
        : 'No speaker labels were found, so no turn has a speaker; choose the speakers in the editor.',
    );
    return { convention: 'paragraphs', confidence: PARAGRAPHS_CONFIDENCE, body: builder.build(), warnings, account: builder.account() };
  },
};
