/**
 * A minimal Word document for tests, built as the ZIP of XML that a .docx is (with fflate): the content
 * types, the package relationship and word/document.xml. Enough for mammoth, and every byte of it is
 * written here, so the test needs no Word and no binary fixture.
 */
import { strToU8, zipSync } from 'fflate';

/** A run of text in a paragraph; bold as Word marks a speaker label. */
export interface Run {
  text: string;
  bold?: boolean;
}

/** A paragraph: plain text, or runs; a "\n" inside a run is a line break within the paragraph. */
export type Paragraph = string | Run[];

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
</Types>`;

const PACKAGE_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>`;

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function runXml(run: Run): string {
  const props = run.bold ? '<w:rPr><w:b/></w:rPr>' : '';
  const parts = run.text.split('\n').map((t) => `<w:t xml:space="preserve">${escapeXml(t)}</w:t>`);
  return `<w:r>${props}${parts.join('<w:br/>')}</w:r>`;
}

/** The bytes of a .docx holding these paragraphs. */
export function makeDocx(paragraphs: readonly Paragraph[]): Uint8Array {
  const body = paragraphs
    .map((p) => `<w:p>${(typeof p === 'string' ? [{ text: p }] : p).map(runXml).join('')}</w:p>`)
    .join('');
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
  return zipSync({
    '[Content_Types].xml': strToU8(CONTENT_TYPES),
    '_rels/.rels': strToU8(PACKAGE_RELS),
    'word/document.xml': strToU8(document),
  });
}
