/**
 * The codebook: topics (a tree with colours and quick keys), claim types and check statuses, and
 * everything done to them. Pure and immutable: every operation returns a new codebook, and the ones
 * that change what annotations refer to (merge, delete, remove) also return the matching change to
 * apply to each transcript's annotations, which never drops an annotation.
 *
 * Errors: an operation the codebook cannot take (a loop, an unknown id, a taken label) throws a
 * RangeError whose message is a sentence for the user; reading a file (JSON or CSV) that is not a
 * good codebook throws ParleyError 'bad-request' naming the file and the row or field at fault.
 */
export { checkCodebook } from './check.js';
export type { AnnotationUpdate, CodebookEdit } from './edit.js';
export { TOPIC_PALETTE, normaliseColour, pickColour } from './palette.js';
export {
  createTopic,
  deleteTopic,
  describeTopic,
  mergeTopics,
  moveTopic,
  recolourTopic,
  renameTopic,
  setTopicKey,
  slugOf,
  topicOf,
  type DeleteTopicOptions,
  type NewTopic,
} from './topics.js';
export {
  addLabelled,
  entryOf,
  recolourLabelled,
  removeLabelled,
  renameLabelled,
  type ListName,
  type NewLabelled,
} from './lists.js';
export { sidecarCodebook, topicRows, topicTree, usedTopics, type TopicNode, type TopicRow } from './tree.js';
export {
  CODEBOOK_FORMAT,
  CODEBOOK_VERSION,
  CodebookFileSchema,
  codebookFromJSON,
  codebookProblem,
  codebookToJSON,
  describeCodebookError,
  type CodebookFile,
} from './json.js';
export { CSV_COLUMNS, codebookFromCSV, codebookToCSV, topicsFromCSV, type CsvOptions } from './csv.js';
export { mergeCodebooks, reconcileCodebooks, type ImportReport, type Reconciliation } from './merge.js';
