/** Long work written once as a generator, then run to the end at once (CLI, tests) or in short slices (the extension host). */

/** Work that yields now and then so a scheduler may pause it, and finally returns a `T`. */
export type Steps<T> = Generator<void, T, void>;

/** Runs the steps to the end without pausing. */
export function runSync<T>(steps: Steps<T>): T {
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/** Gives the event loop a turn, so the extension host stays responsive. */
export const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs the steps in slices of about `budgetMs`, pausing between slices with `pause`. A slice can
 * exceed the budget only by the length of one step, so each step must be short.
 */
export async function runSliced<T>(steps: Steps<T>, budgetMs = 12, pause: () => Promise<void> = yieldToEventLoop): Promise<T> {
  let sliceStart = performance.now();
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    if (performance.now() - sliceStart >= budgetMs) {
      await pause();
      sliceStart = performance.now();
    }
  }
}

/** How many items of cheap work go between two yields: enough that yielding costs nothing, few enough to keep a step short. */
export const ITEMS_PER_STEP = 64;
