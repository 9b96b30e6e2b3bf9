import type { Store } from '../storage/types.js';
import type { HostLookup } from '../webhooks/ssrf.js';

/**
 * What the route factories need, built once by `createProvefy`. Routes stay thin: they validate, call the store and
 * @provefy/core, and shape the contract's JSON.
 */
export interface AppDeps {
  readonly store: Store;
  /** Static admin token guarding `/api/v1/admin` (undefined: admin API disabled). */
  readonly adminToken: string | undefined;
  /** Session lifetime (default 30 minutes). */
  readonly sessionTtlMs: number;
  /** Builds the `verificationUrl` for a session token; `origin` is the request's origin. */
  readonly verificationUrl: (token: string, origin: string) => string;
  /** JSON body limit in bytes. */
  readonly jsonLimit: number;
  /** Resolves callback, webhook, redirect and frame hosts for the SSRF check at registration (default: node:dns, all addresses). */
  readonly resolveHost: HostLookup;
  /** Logger for unexpected errors. */
  readonly logger: Pick<Console, 'error' | 'warn' | 'info'>;
}
