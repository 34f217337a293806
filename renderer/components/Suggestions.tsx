/**
 * Claim suggestions: sentences with numbers, percentages, money, dates or superlatives (the rules
 * are in shared/suggest and the README), offered as claim candidates to accept, reject or dismiss.
 * Rejections are saved with the transcript (by the sentence's text) and undone like any edit;
 * accepting one makes a claim, which undo can take back.
 */
import { useMemo } from 'react';
import { RULES, type TranscriptClaimCandidate } from '../../shared/suggest/index.js';

export function SuggestionsPanel(props: {
  candidates: TranscriptClaimCandidate[];
  /** The sentences rejected so far. */
  dismissed: readonly string[];
  readOnly: boolean;
  onAccept(c: TranscriptClaimCandidate): void;
  onShow(c: TranscriptClaimCandidate): void;
  onReject(texts: string[]): void;
}) {
  const keyOf = (c: TranscriptClaimCandidate) => `${c.start}:${c.text}`;
  const shown = useMemo(() => {
    const rejected = new Set(props.dismissed);
    return props.candidates.filter((c) => !rejected.has(c.text));
  }, [props.candidates, props.dismissed]);
  const labelOf = (id: string) => RULES.find((r) => r.id === id)?.label ?? id;
  return (
    <div className="panel suggestions" aria-label="Claim suggestions">
      <div className="panel-summary">
        {shown.length} sentences with figures, dates or superlatives that no claim covers yet.
        {shown.length > 0 && !props.readOnly && (
          <button className="link" onClick={() => props.onReject(shown.map((c) => c.text))}>
            Dismiss all
          </button>
        )}
      </div>
      <ul className="suggestion-list">
        {shown.slice(0, 200).map((c) => (
          <li key={keyOf(c)} className="suggestion">
            <button className="suggestion-text" onClick={() => props.onShow(c)} title="Show in the transcript">
              {c.text.length > 220 ? `${c.text.slice(0, 220)}…` : c.text}
            </button>
            <span className="suggestion-rules">{c.rules.map(labelOf).join(' · ')}</span>
            {!props.readOnly && (
              <span className="suggestion-actions">
                <button onClick={() => props.onAccept(c)}>Accept as claim</button>
                <button onClick={() => props.onReject([c.text])}>Reject</button>
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
