/** True when dist/web is missing or older than src/web or vite.config.ts. */
export function webBuildIsStale(): boolean;
/** Builds dist/web with vite in a child process and stamps it. */
export function buildWeb(): void;
