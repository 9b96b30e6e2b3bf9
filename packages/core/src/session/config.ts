import { ProvefyError } from '../errors/index.js';
import { SETTINGS, type SettingName, checkSetting } from '../settings/index.js';
import type { SessionConfig } from './types.js';

const CONFIG_KEYS = ['minAge', 'livenessThreshold', 'faceMatchThreshold', 'maxAttempts', 'expiresInMs', 'ageMismatchYears'] as const satisfies readonly (keyof SessionConfig & SettingName)[];

/** Defaults from the contract (min age 18, liveness 0.85, face match 0.57, ...), read from core's {@link SETTINGS}. */
export const DEFAULT_SESSION_CONFIG: SessionConfig = Object.freeze(Object.fromEntries(CONFIG_KEYS.map((k) => [k, SETTINGS[k].default])) as unknown as SessionConfig);

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
  const known: readonly string[] = CONFIG_KEYS;
  for (const key of Object.keys(partial)) {
    if (!known.includes(key)) throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `Unknown config key "${key}"`, { field: `config.${key}` });
  }
  for (const key of CONFIG_KEYS) out[key] = checkSetting(key, partial[key] ?? DEFAULT_SESSION_CONFIG[key], `config.${key}`);
  return out as unknown as SessionConfig;
}
