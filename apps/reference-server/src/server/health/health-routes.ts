import { selectProfile } from '@provefy/core';
import { type Route, type StaticFiles, type Store, json } from '@provefy/server-adapter';
import { dashboardRoute } from '../http/dashboard-route.js';

/** One readiness probe. */
export interface ReadinessCheck {
  ok: boolean;
  detail?: string;
}

export interface HealthRouteDeps {
  store: () => Store | undefined;
  assets: StaticFiles;
  /** Whether the hosted verification page (served by the adapter) is built. */
  hostedPageBuilt: () => Promise<boolean>;
  /** True once shutdown began: readiness fails so load balancers stop sending traffic. */
  shuttingDown: () => boolean;
}

/**
 * Readiness of the server: the database answers a query, a complete model profile is on disk (no download), and the
 * web pages are built.
 *
 * @example
 * ```ts
 * const { ready, checks } = await readiness(store, assets, () => provefy.hostedPage!.isBuilt()); // { ready: true, checks: { database: { ok: true }, ... } }
 * ```
 */
export async function readiness(store: Store | undefined, assets: StaticFiles, hostedPageBuilt: () => Promise<boolean>): Promise<{ ready: boolean; checks: Record<string, ReadinessCheck> }> {
  const checks: Record<string, ReadinessCheck> = {};
  if (!store) {
    checks.database = { ok: false, detail: 'not open yet' };
  } else {
    try {
      await store.db.selectFrom('provefy_api_keys').select('id').limit(1).execute();
      checks.database = { ok: true, detail: store.dialect };
    } catch (e) {
      checks.database = { ok: false, detail: `${store.dialect} unreachable: ${(e as Error).message.slice(0, 120)}` };
    }
  }
  try {
    const profile = selectProfile();
    checks.models = { ok: true, detail: `profile ${profile.name} (${profile.detector}, ${profile.recognizer})` };
  } catch (e) {
    checks.models = { ok: false, detail: (e as Error).message.slice(0, 300) };
  }
  const [hosted, admin] = await Promise.all([hostedPageBuilt(), assets.read('admin/index.html')]);
  const missing = [...(hosted ? [] : ['hosted page: run `npm run build -w @provefy/hosted-page`']), ...(admin ? [] : ['dashboard: run `npm run build -w apps/reference-server`'])];
  checks.web = missing.length === 0 ? { ok: true } : { ok: false, detail: `not built: ${missing.join('; ')}` };
  return { ready: Object.values(checks).every((c) => c.ok), checks };
}

/**
 * `GET /healthz` (the process is up: always 200 while it serves) and `GET /readyz` (200 when {@link readiness} holds,
 * else 503 with the failing checks; 503 during shutdown).
 *
 * @example
 * ```ts
 * const routes = healthRoutes({ store: () => store, assets, hostedPageBuilt: async () => true, shuttingDown: () => stopping });
 * ```
 */
export function healthRoutes(deps: HealthRouteDeps): Route[] {
  return [
  dashboardRoute('GET', '/healthz', () => json({ status: 'ok' })),
  dashboardRoute('GET', '/readyz', async () => {
    if (deps.shuttingDown()) return json({ status: 'shutting-down' }, 503);
    const { ready, checks } = await readiness(deps.store(), deps.assets, deps.hostedPageBuilt);
    return json({ status: ready ? 'ready' : 'not-ready', checks }, ready ? 200 : 503);
  }),
  ];
}
