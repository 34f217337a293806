/**
 * The import preview: what Parley would make of a file that has no sidecar yet, so the user can
 * check the convention it detected, switch it, or rename speakers before opening. Writes nothing.
 */
import { existsSync } from 'node:fs';
import type { Preview } from '../shared/api.js';
import { importText, rankConventions } from '../shared/import/index.js';
import { sidecarNameFor } from '../shared/sidecar.js';
import { dirname, join } from 'node:path';
import { readSourceText } from './source-file.js';

/** How many turns the preview shows. */
export const PREVIEW_TURNS = 8;

export async function previewFile(absPath: string, convention?: string): Promise<Preview> {
  // Read as opening reads it (document-service.ts): a Word document's text through mammoth.
  const source = await readSourceText(absPath);
  const hints = source.docx ? {} : { fileName: source.name };
  const conventions = rankConventions(source.text, hints);
  const result = importText(source.text, { ...hints, convention });
  const { body } = result;
  const turnsBySpeaker = new Map<string, number>();
  for (const t of body.turns) if (t.speaker) turnsBySpeaker.set(t.speaker, (turnsBySpeaker.get(t.speaker) ?? 0) + 1);
  return {
    fileName: source.name,
    hasSidecar: existsSync(join(dirname(absPath), sidecarNameFor(source.name))),
    conventions,
    convention: result.convention,
    confidence: result.confidence,
    speakers: body.speakers.map((s) => ({ id: s.id, name: s.name, role: s.role, turns: turnsBySpeaker.get(s.id) ?? 0 })),
    turnCount: body.turns.length,
    warnings: [...source.warnings, ...result.warnings],
    turns: body.turns.slice(0, PREVIEW_TURNS).map((t) => ({ speaker: t.speaker, text: t.paragraphs.join('\n') })),
  };
}
