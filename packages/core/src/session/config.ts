import { ProvefyError } from '../errors/index.js';
import type { SessionConfig } from './types.js';

/** Defaults from the contract: min age 18, liveness 0.85, face match 0.57, 3 attempts, 30 minutes, 10 years. */
export const DEFAULT_SESSION_CONFIG: SessionConfig = Object.freeze({
  minAge: 18,
  livenessThreshold: 0.85,
  faceMatchThreshold: 0.57,
  maxAttempts: 3,
  expiresInMs: 30 * 60 * 1000,
  ageMismatchYears: 10,
});

type Check = (v: number) => boolean;
const RULES: Record<keyof SessionConfig, [Check, string]> = {
  minAge: [(v) => Number.isInteger(v) && v >= 0 && v <= 150, 'an integer from 0 to 150'],
  livenessThreshold: [(v) => v >= 0 && v <= 1, 'a number from 0 to 1'],
  faceMatchThreshold: [(v) => v >= 0 && v <= 1, 'a number from 0 to 1'],
  maxAttempts: [(v) => Number.isInteger(v) && v >= 1 && v <= 100, 'an integer from 1 to 100'],
  expiresInMs: [(v) => Number.isInteger(v) && v >= 1 && v <= 366 * 24 * 3600 * 1000, 'a whole number of milliseconds from 1 to 366 days'],
  ageMismatchYears: [(v) => v >= 0 && v <= 150, 'a number of years from 0 to 150'],
};

/**
 * Fills in defaults and validates a (partial) session config. Unknown keys or out-of-range values throw
 * `PROVEFY_ERR_INVALID_INPUT`.
 *
 * @example
 * ```ts
 * resolveSessionConfig({ minAge: 21 }); // { minAge: 21, livenessThreshold: 0.85, ..., maxAttempts: 3 }
 * ```
 */
export function resolveSessionConfig(partial: Partial<SessionConfig> = {}): SessionConfig {
  if (partial === null || typeof partial !== 'object' || Array.isArray(partial)) {
    throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', 'config must be an object', { field: 'config' });
  }
  const out: Record<string, number> = {};
  for (const key of Object.keys(partial)) {
    if (!(key in RULES)) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `Unknown config key "${key}"`, { field: `config.${key}` });
  }
  for (const key of Object.keys(RULES) as (keyof SessionConfig)[]) {
    const value = partial[key] ?? DEFAULT_SESSION_CONFIG[key];
    const [ok, expected] = RULES[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || !ok(value)) {
      throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `config.${key} must be ${expected}`, { field: `config.${key}` });
    }
    out[key] = value === 0 ? 0 : value; // -0 -> 0 so JSON round trips are exact
  }
  return out as unknown as SessionConfig;
}
