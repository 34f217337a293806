/** The details pane when no annotation is selected: the turn under the caret and who said it, as changed. */
import type { AttributionChange } from '../../shared/model.js';

export function TurnDetails(props: {
  current: { id: string; speaker: string | null; label: string | null } | null;
  history: readonly AttributionChange[];
  nameOf(id: string | null): string;
}) {
  const { current, nameOf } = props;
  if (!current) return <div className="inspector-title">Put the cursor in a turn</div>;
  const changes = props.history.filter((h) => h.turn === current.id);
  return (
    <>
      <div className="inspector-title">This turn</div>
      <div className="inspector-row">
        <span>Speaker</span>
        <strong>{nameOf(current.speaker)}</strong>
      </div>
      <div className="inspector-row">
        <span>Label in source</span>
        <span>{current.label ?? '(none)'}</span>
      </div>
      {changes.length > 0 && (
        <>
          <div className="inspector-title">Attribution changes</div>
          <ol className="history">
            {changes.map((h, i) => (
              <li key={i}>
                {nameOf(h.from)} → {nameOf(h.to)} <time dateTime={h.at}>{new Date(h.at).toLocaleString()}</time>
              </li>
            ))}
          </ol>
        </>
      )}
    </>
  );
}
