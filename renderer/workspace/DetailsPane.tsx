/** The details pane on the right: the selected annotation, else the turn under the caret. */
import { AnnotationInspector } from '../components/Inspector.js';
import { annotate, editAnnotation, reattach } from '../editor/annotation-commands.js';
import { getAnnotation, removeAnnotation, selectAnnotation } from '../editor/annotations.js';
import type { TranscriptEditor } from '../editor/editor.js';
import { docHistory } from '../editor/schema.js';
import { TurnDetails } from './TurnDetails.js';
import type { WorkspaceView } from './view.js';

export function DetailsPane(props: {
  editor: TranscriptEditor | null;
  view: WorkspaceView | null;
  readOnly: boolean;
  /** The note whose field takes the focus as it is shown (a note was just added). */
  focusNote: string | null;
  nameOf(id: string | null): string;
  onEscape(): void;
  report(problem: string | null): void;
}) {
  const { editor: ed, view } = props;
  const id = view?.selected ?? null;
  const selected = id && ed ? getAnnotation(ed.state, id) : null;
  return (
    <aside className="inspector" aria-label="Details">
      {selected && ed && view && id ? (
        <AnnotationInspector
          key={id}
          annotation={selected}
          quote={view.quote}
          codebook={view.codebook}
          speakers={view.speakers}
          here={view.here}
          readOnly={props.readOnly}
          focusNote={props.focusNote === id}
          onEscape={props.onEscape}
          onChange={(change) => annotate(ed, editAnnotation(id, change))}
          onSelect={(other) => ed.view.dispatch(selectAnnotation(ed.state.tr, other))}
          onReattach={() => props.report(annotate(ed, reattach(id)))}
          onDelete={() => {
            ed.view.dispatch(selectAnnotation(removeAnnotation(ed.state, ed.state.tr, id), null));
            ed.focus();
          }}
        />
      ) : (
        <TurnDetails current={view?.current ?? null} history={ed ? docHistory(ed.state.doc) : []} nameOf={props.nameOf} />
      )}
    </aside>
  );
}
