/** Long work written once as a generator, then run to the end at once (CLI, tests) or in short slices (the extension host). */

/**
 * Work that yields now and then so a scheduler may pause it, and finally returns a `T`. It may yield a promise (see
 * `awaitSteps`) to wait for work done elsewhere, a worker thread; only `runSliced` runs such steps.
 */
export type Steps<T> = Generator<void | Promise<unknown>, T, void>;

/** Runs the steps to the end without pausing. Steps that wait for a promise need `runSliced`. */
export function runSync<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (next.value) throw new Error('runSync cannot wait for a promise; run these steps with runSliced');
  }
}

/** Steps that wait for `promise` (the scheduler awaits it) and return its value, or throw its error. */
export function* awaitSteps<T>(promise: Promise<T>): Steps<T> {
  let outcome: { value: T } | { error: unknown } | undefined;
  const settled = promise.then(
    (value) => void (outcome = { value }),
    (error: unknown) => void (outcome = { error }),
  );
  while (!outcome) yield settled;
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}

/** Gives the event loop a turn, so the extension host stays responsive. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs the steps in slices of about `budgetMs`, pausing between slices with `pause`. A slice can
 * exceed the budget only by the length of one step, so each step must be short.
 */
export async function runSliced<T>(steps: Steps<T>, budgetMs = 8, pause: () => Promise<void> = yieldToEventLoop): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (next.value) {
      await next.value;
      sliceStart = performance.now();
    } else if (performance.now() - sliceStart >= budgetMs) {
      await pause();
      sliceStart = performance.now();
    }
  }
}

/** How many items of cheap work go between two yields: enough that yielding costs nothing, few enough to keep a step short. */
export const ITEMS_PER_STEP = 64;

/**
 * Sorts `items` (a new array; stable) by a bottom-up merge sort in steps: no single step sorts or
 * merges more than a few thousand items, so 100,000 papers never block the thread at once.
 */
export function* sortSteps<T>(items: readonly T[], compare: (a: T, b: T) => number, run = 2048): Steps<T[]> {
  let from: T[] = [];
  for (let i = 0; i < items.length; i += run) {
    yield;
    const chunk = items.slice(i, i + run).sort(compare);
    for (const x of chunk) from.push(x);
  }
  if (isSorted(from, compare)) return from;
  let to: T[] = new Array(from.length);
  for (let width = run; width < from.length; width *= 2) {
    let done = 0;
    for (let lo = 0; lo < from.length; lo += 2 * width) {
      const mid = Math.min(lo + width, from.length);
      const hi = Math.min(lo + 2 * width, from.length);
      let i = lo;
      let j = mid;
      for (let k = lo; k < hi; k++) {
        to[k] = i < mid && (j >= hi || compare(from[i], from[j]) <= 0) ? from[i++] : from[j++];
        if (++done % (run * 4) === 0) yield;
      }
    }
    [from, to] = [to, from];
  }
  return from;
}

function isSorted<T>(items: readonly T[], compare: (a: T, b: T) => number): boolean {
  for (let i = 1; i < items.length; i++) if (compare(items[i - 1], items[i]) > 0) return false;
  return true;
}
