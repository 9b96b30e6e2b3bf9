import { describe, expect, it } from 'vitest';
import { isProvefyError } from '../errors/index.js';
import { numericOptions } from './numeric-options.js';

const DEFAULTS = { maxYaw: 40, maxPitch: 35, z: 1 };

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'no error';
  } catch (e) {
    return isProvefyError(e) ? `${e.code} ${e.message}` : `untyped ${String(e)}`;
  }
}

describe('numericOptions', () => {
  it('keeps the default where a value is undefined, and takes the values given', () => {
    expect(numericOptions('quality', DEFAULTS, { maxYaw: undefined, maxPitch: 20 })).toEqual({ maxYaw: 40, maxPitch: 20, z: 1 });
    expect(numericOptions('quality', DEFAULTS, undefined)).toEqual(DEFAULTS);
  });

  it('refuses values that are not finite numbers or are under their bound, naming the option', () => {
    expect(codeOf(() => numericOptions('quality', DEFAULTS, { maxYaw: Number.NaN }))).toMatch(/^PROVEFY_ERR_INVALID_INPUT quality\.maxYaw must be a finite number/);
    expect(codeOf(() => numericOptions('quality', DEFAULTS, { maxPitch: '20' as never }))).toMatch(/^PROVEFY_ERR_INVALID_INPUT quality\.maxPitch/);
    expect(codeOf(() => numericOptions('quality', DEFAULTS, { maxPitch: Number.POSITIVE_INFINITY }))).toMatch(/^PROVEFY_ERR_INVALID_INPUT/);
    expect(codeOf(() => numericOptions('policy', DEFAULTS, { z: -0.5 }, { z: 0 }))).toMatch(/^PROVEFY_ERR_INVALID_INPUT policy\.z must be a finite number >= 0, got -0\.5/);
    expect(numericOptions('policy', DEFAULTS, { z: 0 }, { z: 0 }).z).toBe(0);
  });
});
