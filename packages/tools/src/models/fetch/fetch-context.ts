import { rm } from 'node:fs/promises';

/** Shared state of one fetch run: archives downloaded once for several members, deleted at the end. */
export interface FetchContext {
  readonly archives: Map<string, Promise<string>>;
  readonly downloaded: Set<string>;
}

/** A new {@link FetchContext}; pass it to several {@link fetchModel} calls, then {@link cleanupFetchContext}. */
export function createFetchContext(): FetchContext {
  return { archives: new Map(), downloaded: new Set() };
}

/** Deletes archives the run downloaded (unless kept). */
export async function cleanupFetchContext(ctx: FetchContext, keepArchives = false): Promise<void> {
  if (keepArchives) return;
  for (const p of ctx.downloaded) await rm(p, { force: true });
  ctx.downloaded.clear();
  ctx.archives.clear();
}
