import { ProvefyError } from '../errors/index.js';

/** One numeric setting: its default, its inclusive bounds and whether it must be a whole number. */
export interface SettingSpec {
  readonly default: number;
  readonly min: number;
  readonly max: number;
  readonly integer: boolean;
  /** One line for people (schemas, OpenAPI, docs). */
  readonly description: string;
}

/**
 * The one source of Provefy's tunable settings and their limits. Core's session config, the server adapter's request
 * schemas, its OpenAPI document, the store's checks and the kiosk's config all read their defaults and bounds from
 * here (a test asserts the OpenAPI bounds equal these).
 */
export const SETTINGS = {
  minAge: { default: 18, min: 0, max: 120, integer: true, description: 'Minimum age (default 18).' },
  livenessThreshold: { default: 0.85, min: 0, max: 1, integer: false, description: 'Liveness score needed to pass, 0-1 (default 0.85).' },
  faceMatchThreshold: { default: 0.57, min: 0, max: 1, integer: false, description: 'Face-match similarity needed to pass, 0-1 (default 0.57).' },
  maxAttempts: { default: 3, min: 1, max: 100, integer: true, description: 'Attempts per check before it fails for good (default 3).' },
  expiresInMs: { default: 30 * 60 * 1000, min: 1, max: 366 * 24 * 3600 * 1000, integer: true, description: 'Session lifetime in milliseconds (default 30 minutes).' },
  ageMismatchYears: { default: 10, min: 0, max: 150, integer: false, description: 'Years between the estimated and the document age that send a session to REVIEW (default 10).' },
  rateLimitPerMinute: { default: 100, min: 1, max: 1_000_000, integer: true, description: 'Requests per minute over all endpoints (default 100).' },
  apiKeyCacheTtlMs: {
    default: 5_000,
    min: 0,
    max: 60_000,
    integer: true,
    description: 'Milliseconds a server instance trusts an API key it verified before reading it again; a revoke on another instance applies within this (default 5 s, 0: every request).',
  },
} as const satisfies Record<string, SettingSpec>;

export type SettingName = keyof typeof SETTINGS;

/**
 * The wording of a setting's bounds, e.g. `an integer from 0 to 120`.
 *
 * @example
 * ```ts
 * describeBounds('minAge'); // 'an integer from 0 to 120'
 * describeBounds('livenessThreshold'); // 'a number from 0 to 1'
 * ```
 */
export function describeBounds(name: SettingName): string {
  const spec: SettingSpec = SETTINGS[name];
  return `${spec.integer ? 'an integer' : 'a number'} from ${spec.min} to ${spec.max}`;
}

/**
 * True when `value` is a finite number within the setting's bounds (and whole, for integer settings).
 *
 * @example
 * ```ts
 * isValidSetting('minAge', 21); // true
 * isValidSetting('minAge', 121); // false
 * ```
 */
export function isValidSetting(name: SettingName, value: unknown): value is number {
  const spec: SettingSpec = SETTINGS[name];
  return typeof value === 'number' && Number.isFinite(value) && value >= spec.min && value <= spec.max && (!spec.integer || Number.isInteger(value));
}

/**
 * Returns `value` when it is a valid value of the setting, else throws `PROVEFY_ERR_INVALID_INPUT` naming `field`.
 * `undefined` gives the default.
 *
 * @example
 * ```ts
 * checkSetting('minAge', 21, 'thresholds.minAge'); // 21
 * checkSetting('minAge', undefined); // 18
 * checkSetting('minAge', 150, 'thresholds.minAge'); // throws "thresholds.minAge must be an integer from 0 to 120"
 * ```
 */
export function checkSetting(name: SettingName, value: unknown, field: string = name): number {
  if (value === undefined) return SETTINGS[name].default;
  if (!isValidSetting(name, value)) {
    throw new ProvefyError('PROVEFY_ERR_INVALID_INPUT', `${field} must be ${describeBounds(name)}`, { field, value: typeof value === 'number' ? value : String(value) });
  }
  return value === 0 ? 0 : value; // -0 -> 0 so JSON round trips are exact
}
