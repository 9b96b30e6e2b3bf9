import { ensureHostedPageBuilt } from '../../../../packages/hosted-page/scripts/build.mjs';
import { buildWeb, webBuildIsStale } from '../../scripts/start.mjs';

/** Builds the web pages once when they are missing or stale: the hosted page (served by the adapter) and the dashboard. */
export function ensureWebBuilt(): void {
  ensureHostedPageBuilt();
  if (webBuildIsStale()) buildWeb();
}
