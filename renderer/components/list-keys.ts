/** The keys of a type-ahead list (pickers, the palette): arrows move, Enter picks, Escape cancels. */
import type { KeyboardEvent } from 'react';

export function listKeys(
  e: KeyboardEvent,
  list: { count: number; active: number; setActive(update: (active: number) => number): void; pick(index: number): void; cancel(): void },
): void {
  const act: Record<string, () => void> = {
    ArrowDown: () => list.setActive((a) => Math.min(a + 1, list.count - 1)),
    ArrowUp: () => list.setActive((a) => Math.max(a - 1, 0)),
    Enter: () => list.pick(list.active),
    Escape: () => list.cancel(),
  };
  const run = act[e.key];
  if (!run) return;
  e.preventDefault();
  run();
}
