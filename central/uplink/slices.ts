// A push's domain work (validating and projecting 1,000 records: ~50–70 ms of CPU) runs on the
// central's one event loop. Done in one go, a city query arriving meanwhile waits for all of it
// (and for every other hall's push in flight). So the push works in slices of SLICE_MS and then
// waits its turn: ONE slice per event-loop turn for all pushes together (a FIFO), so between two
// slices the loop polls its sockets and a query's next step runs. Order inside a push is
// unchanged (a push awaits its own slices in sequence); only when other work gets the CPU moves.
import { performance } from 'node:perf_hooks';

/** CPU a push may hold the loop for before it lets I/O (queries, other pushes) run. */
export const SLICE_MS = 4;

const waiting: (() => void)[] = [];
let scheduled = false;

function runOne(): void {
  scheduled = false;
  const next = waiting.shift();
  // The next waiter runs in a later turn (setImmediate scheduled from the check phase fires after
  // the following poll), so the loop takes in I/O between any two slices.
  if (waiting.length) {
    scheduled = true;
    setImmediate(runOne);
  }
  next?.();
}

/** Resolves once every slice queued before it has run, in a later event-loop turn. */
function turn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(runOne);
    }
  });
}

export interface Slicer {
  /** True when this slice has used its time: then `await pause()`. */
  due(): boolean;
  pause(): Promise<void>;
  /** Start a fresh slice (after an await on I/O, which already let the loop run). */
  restart(): void;
}

export function slicer(budgetMs = SLICE_MS): Slicer {
  let t = performance.now();
  return {
    due: () => performance.now() - t >= budgetMs,
    async pause() {
      await turn();
      t = performance.now();
    },
    restart() {
      t = performance.now();
    },
  };
}
