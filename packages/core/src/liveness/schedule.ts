import type { WorkScheduler } from './types.js';

/**
 * The default {@link WorkScheduler}: runs the work at once.
 *
 * @example
 * ```ts
 * const schedule = options.schedule ?? runDirectly;
 * const analysis = await schedule(() => tracker.analyse(frame));
 * ```
 */
export const runDirectly: WorkScheduler = (work) => work();
