import { ProvefyError } from '../errors/index.js';

/** A lower bound per option (inclusive); options without one only need to be finite. */
export type NumericBounds<T> = Partial<Record<keyof T, number>>;

/**
 * Merges numeric options over their defaults the way callers write them: a key whose value is `undefined`
 * (`{ maxYaw: opts.maxYaw }` when nothing was set) keeps the default instead of replacing it with `undefined`, which
 * would make every comparison false and silently switch a gate off. A given value must be a finite number (and at
 * least its lower bound, if any); anything else is a `PROVEFY_ERR_INVALID_INPUT` naming the option. Keys that are
 * not in `defaults` are kept as they are.
 *
 * @example
 * ```ts
 * numericOptions('quality', { maxYaw: 40, maxPitch: 35 }, { maxYaw: undefined, maxPitch: 20 }); // { maxYaw: 40, maxPitch: 20 }
 * numericOptions('policy', { z: 1 }, { z: Number.NaN }); // throws PROVEFY_ERR_INVALID_INPUT: policy.z must be a finite number
 * ```
 */
export function numericOptions<T extends object>(name: string, defaults: T, overrides: Partial<T> | undefined, min: NumericBounds<T> = {}): T {
  const out = { ...defaults } as Record<string, unknown>;
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (value === undefined) continue;
    if (key in defaults) {
      const bound = min[key as keyof T];
      if (typeof value !== 'number' || !Number.isFinite(value) || (bound !== undefined && value < bound)) {
        const need = bound === undefined ? 'a finite number' : `a finite number >= ${bound}`;
        throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `${name}.${key} must be ${need}, got ${String(value)}`, { option: `${name}.${key}`, value: String(value) });
      }
    }
    out[key] = value;
  }
  return out as T;
}
