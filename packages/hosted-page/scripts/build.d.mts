/** True when dist/ is missing, incomplete or older than the page's sources. */
export declare function hostedPageIsStale(): boolean;
/** Builds the page with Vite into dist/ (atomically swapped in). */
export declare function buildHostedPage(): void;
/** Builds only when {@link hostedPageIsStale}. */
export declare function ensureHostedPageBuilt(): void;
/** The newest modification time under a path (tests and node_modules skipped). */
export declare function newestMtime(path: string): number;
/** Runs `vite build` with a config file (optionally into another outDir) in a child process with NODE_ENV=production. */
export declare function viteBuild(configFile: string, outDir?: string): void;
