/** The main area: the transcript's editor, the find bar above it, and the selection's context menu. */
import { TextSelection } from 'prosemirror-state';
import { useState, type RefObject } from 'react';
import type { Topic } from '../../shared/annotation.js';
import type { CommandId } from '../../shared/commands.js';
import { FindBar } from '../components/Palette.js';
import { annotate, tagRanges, tagWithTopic } from '../editor/annotation-commands.js';
import type { EditorMode, TranscriptEditor } from '../editor/editor.js';
import { codebookOf } from '../editor/schema.js';
import type { RunnableCommand } from './commands.js';
import { ContextMenu } from './ContextMenu.js';
import { findAll } from './find.js';

export function EditorPane(props: {
  /** Where the editor is mounted (useTranscriptEditor makes it there). */
  host: RefObject<HTMLDivElement | null>;
  editor: TranscriptEditor | null;
  mode: EditorMode;
  readOnly: boolean;
  finding: boolean;
  topics: readonly Topic[];
  commands: ReadonlyMap<CommandId, RunnableCommand>;
  onCloseFind(): void;
  report(problem: string | null): void;
}) {
  const { editor: ed, readOnly } = props;
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  return (
    <main className={`editor-pane mode-${props.mode}`}>
      {props.finding && ed && (
        <FindBar
          search={(q) => {
            const found = findAll(ed, q);
            const size = ed.state.doc.content.size;
            const text = (r: { from: number; to: number }) => ed.state.doc.textBetween(Math.max(0, r.from - 30), Math.min(size, r.to + 30), ' ');
            return { count: found.length, samples: found.slice(0, 5).map(text) };
          }}
          topics={[...props.topics]}
          readOnly={readOnly}
          onStep={(q, dir) => {
            const found = findAll(ed, q);
            const head = ed.state.selection.from;
            const next = dir === 1 ? (found.find((r) => r.from > head) ?? found[0]) : ([...found].reverse().find((r) => r.from < head) ?? found[found.length - 1]);
            if (next) ed.view.dispatch(ed.state.tr.setSelection(TextSelection.create(ed.state.doc, next.from, next.to)).scrollIntoView());
          }}
          onTagAll={(q, topicId) => annotate(ed, tagRanges(topicId, findAll(ed, q)))}
          onClose={() => {
            props.onCloseFind();
            ed.focus();
          }}
        />
      )}
      <div
        ref={props.host}
        className="editor-host"
        onContextMenu={(e) => {
          // The menu tags a selection; without one, the browser's own menu (spelling) is left alone.
          if (!ed || readOnly || ed.state.selection.empty) return;
          e.preventDefault();
          setMenu({ x: e.clientX, y: e.clientY });
        }}
      />
      {menu && ed && (
        <ContextMenu at={menu} codebook={codebookOf(ed.state)} commands={props.commands} tag={(topicId) => props.report(annotate(ed, tagWithTopic(topicId)))} onClose={() => setMenu(null)} />
      )}
    </main>
  );
}
