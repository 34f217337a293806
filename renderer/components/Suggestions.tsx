/**
 * Claim suggestions: sentences with numbers, percentages, money, dates or superlatives (the rules
 * are in shared/suggest and the README), offered as claim candidates to accept, reject or dismiss.
 * Rejections last for the session; accepting one makes a claim, which undo can take back.
 */
import { useMemo, useState } from 'react';
import { RULES, type TranscriptClaimCandidate } from '../../shared/suggest/index.js';

export function SuggestionsPanel(props: {
  candidates: TranscriptClaimCandidate[];
  readOnly: boolean;
  onAccept(c: TranscriptClaimCandidate): void;
  onShow(c: TranscriptClaimCandidate): void;
}) {
  const [rejected, setRejected] = useState<ReadonlySet<string>>(new Set());
  const keyOf = (c: TranscriptClaimCandidate) => `${c.start}:${c.text}`;
  const shown = useMemo(() => props.candidates.filter((c) => !rejected.has(keyOf(c))), [props.candidates, rejected]);
  const labelOf = (id: string) => RULES.find((r) => r.id === id)?.label ?? id;
  return (
    <div className="panel suggestions" aria-label="Claim suggestions">
      <div className="panel-summary">
        {shown.length} sentences with figures, dates or superlatives that no claim covers yet.
        {shown.length > 0 && (
          <button className="link" onClick={() => setRejected(new Set(props.candidates.map(keyOf)))}>
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
                <button onClick={() => setRejected(new Set([...rejected, keyOf(c)]))}>Reject</button>
              </span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
