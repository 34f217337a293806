/** The selection's context menu: the codebook's topics, then the table's commands marked for it. */
import { keyLabel, type CommandId } from '../../shared/commands.js';
import type { Codebook } from '../../shared/annotation.js';
import type { RunnableCommand } from './commands.js';

export function ContextMenu(props: {
  at: { x: number; y: number };
  codebook: Codebook;
  commands: ReadonlyMap<CommandId, RunnableCommand>;
  tag(topicId: string): void;
  onClose(): void;
}) {
  const { at, onClose } = props;
  const commands = [...props.commands.values()].filter((c) => c.contextMenu);
  return (
    <div className="modal-backdrop transparent" onMouseDown={onClose} onContextMenu={(e) => (e.preventDefault(), onClose())}>
      <div
        className="context-menu"
        role="menu"
        aria-label="Annotate the selection"
        style={{ left: Math.min(at.x, window.innerWidth - 240), top: Math.min(at.y, window.innerHeight - 320) }}
        onMouseDown={(e) => e.stopPropagation()}
      >
        {props.codebook.topics.map((t) => (
          <button
            key={t.id}
            role="menuitem"
            onClick={() => {
              onClose();
              props.tag(t.id);
            }}
          >
            <span className="swatch" style={{ background: t.color }} /> {t.label}
            {t.key && <kbd>{keyLabel(`Alt-${t.key}`)}</kbd>}
          </button>
        ))}
        {commands.map((c) => (
          <button
            key={c.id}
            role="menuitem"
            onClick={() => {
              onClose();
              c.run();
            }}
          >
            {c.label} {c.keys[0] && <kbd>{keyLabel(c.keys[0])}</kbd>}
          </button>
        ))}
      </div>
    </div>
  );
}
