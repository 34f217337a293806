/**
 * Run `run` once the next frame is painted: a task queued from a frame's animation callbacks runs
 * after that frame is rendered (an animation callback alone runs before its layout and paint).
 * Returns a function that cancels it, whichever of the two steps it is at.
 */
export function afterNextFrame(run: () => void): () => void {
  let timer = 0;
  const frame = requestAnimationFrame(() => {
    timer = window.setTimeout(run, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
