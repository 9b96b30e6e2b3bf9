/** True when dist/ is missing, incomplete or older than the page's sources. */
export declare function hostedPageIsStale(): boolean;
/** Builds the page with Vite into dist/ (atomically swapped in). */
export declare function buildHostedPage(): void;
/** Builds only when {@link hostedPageIsStale}. */
export declare function ensureHostedPageBuilt(): void;
