import { buildWeb, webBuildIsStale } from '../../scripts/start.mjs';

/** Builds the web pages once when they are missing or stale (the server serves them from dist/web). */
export function ensureWebBuilt(): void {
  if (webBuildIsStale()) buildWeb();
}
