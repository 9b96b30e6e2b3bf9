/**
 * The object without its `undefined` values, to spread over defaults: `{ ...DEFAULTS, ...stripUndefined(opts) }` keeps
 * a default where the caller wrote `{ maxAgeMs: config.maxAgeMs }` and set nothing, instead of replacing it with
 * `undefined` (which turns a limit into "no limit" or a delay into NaN).
 *
 * @example
 * ```ts
 * ({ ...{ baseMs: 30_000 }, ...stripUndefined({ baseMs: undefined }) }).baseMs; // 30000
 * ```
 */
export function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
