/**
 * The benchmark's baseline: a bare ProseMirror view of the same turns and text, with
 * `content-visibility: auto` on its turns, and nothing else (no gutters, no React, no plugins
 * but history and the base keymap). The bench script hands it the turns through `window`.
 */
import { baseKeymap } from 'prosemirror-commands';
import { history } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import { Schema } from 'prosemirror-model';
import { EditorState } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';

const schema = new Schema({
  nodes: {
    doc: { content: 'turn+' },
    turn: { content: 'paragraph+', toDOM: () => ['section', { class: 'turn' }, 0] },
    paragraph: { content: 'text*', toDOM: () => ['p', 0] },
    text: {},
  },
});

declare global {
  interface Window {
    openBaseline(turns: string[][]): number;
    baselineView?: EditorView;
  }
}

window.openBaseline = (turns) => {
  const t0 = performance.now();
  const doc = schema.nodes.doc.create(
    null,
    turns.map((ps) => schema.nodes.turn.create(null, ps.map((p) => schema.nodes.paragraph.create(null, p ? schema.text(p) : null)))),
  );
  const place = document.getElementById('editor');
  if (!place) throw new Error('no #editor');
  window.baselineView = new EditorView(place, {
    state: EditorState.create({ doc, plugins: [history(), keymap(baseKeymap)] }),
  });
  return performance.now() - t0;
};
