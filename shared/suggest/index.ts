/**
 * Claim suggestions: sentences with numbers, percentages, money, dates or superlatives, offered as
 * claim candidates. Pure and rule-based; RULES documents every rule.
 */
export { RULES, ruleHits, type Rule, type RuleHit, type RuleId } from './rules.js';
export { splitSentences, type TextSpan } from './sentences.js';
export {
  suggestClaims,
  suggestClaimsInText,
  unclaimed,
  type ClaimCandidate,
  type TranscriptClaimCandidate,
} from './claims.js';
