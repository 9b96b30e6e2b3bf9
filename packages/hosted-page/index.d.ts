/**
 * The folder `npm run build -w @provefy/hosted-page` writes: `index.html` and `assets/` (content-hashed files).
 *
 * @example
 * ```ts
 * import { HOSTED_PAGE_DIR } from '@provefy/hosted-page';
 * createProvefy({ hostedPage: { dir: HOSTED_PAGE_DIR } });
 * ```
 */
export declare const HOSTED_PAGE_DIR: string;
/** The command that builds the page (shown when the build is missing). */
export declare const HOSTED_PAGE_BUILD_COMMAND: string;
/** URL path under which the page's assets are served (Vite's `base` plus `assets/`): `/verify/assets/`. */
export declare const HOSTED_PAGE_ASSET_PREFIX: string;
