import { isProvefyError } from '@provefy/core';
import { describe, expect, it } from 'vitest';
import { createProvefy } from '../create-provefy.js';
import { createStore } from '../storage/index.js';
import { validateProvefyOptions } from './validate-options.js';

function configError(fn: () => unknown): string {
  try {
    fn();
    return 'accepted';
  } catch (e) {
    return isProvefyError(e) ? `${e.code}: ${e.message}` : `untyped ${String(e)}`;
  }
}

describe('createProvefy numeric options', () => {
  it.each([
    [{ sessionTtlMs: Number.NaN }, 'sessionTtlMs'],
    [{ sessionTtlMs: -1 }, 'sessionTtlMs'],
    [{ sweepIntervalMs: 3_000_000_000 }, 'sweepIntervalMs'],
    [{ rateLimit: { flowPerMinute: 0 } }, 'rateLimit.flowPerMinute'],
    [{ rateLimit: { windowMs: '60000' as never } }, 'rateLimit.windowMs'],
    [{ limits: { maxImageBytes: Number.NaN } }, 'limits.maxImageBytes'],
    [{ workQueue: { concurrency: 0 } }, 'workQueue.concurrency'],
    [{ webhooks: { pollIntervalMs: Number.POSITIVE_INFINITY } }, 'webhooks.pollIntervalMs'],
    [{ webhooks: { backoff: { jitter: 1.5 } } }, 'webhooks.backoff.jitter'],
    [{ webhooks: { backoff: { factor: 0.5 } } }, 'webhooks.backoff.factor'],
  ])('%j is refused with PROVEFY_ERR_CONFIG naming %s, before anything starts', (options, path) => {
    const store = createStore({ dialect: 'sqlite', filename: ':memory:' });
    try {
      expect(configError(() => createProvefy({ store, ...options }))).toMatch(new RegExp(`^PROVEFY_ERR_CONFIG: createProvefy: ${path.replace(/\./g, '\\.')} must be`));
    } finally {
      void store.close();
    }
  });

  it('accepts the defaults, undefined values and values at their bounds', () => {
    expect(configError(() => validateProvefyOptions({}))).toBe('accepted');
    expect(configError(() => validateProvefyOptions({ sessionTtlMs: undefined, rateLimit: { windowMs: undefined }, webhooks: false }))).toBe('accepted');
    expect(
      configError(() =>
        validateProvefyOptions({ apiKeyCacheTtlMs: 0, sweepIntervalMs: 0, imageRetentionMs: 0, sessionRetentionMs: Number.POSITIVE_INFINITY, workQueue: { maxQueued: 0 }, webhooks: { backoff: { jitter: 0, maxAgeMs: 0 } } }),
      ),
    ).toBe('accepted');
  });
});
