// The built page for servers: @provefy/server-adapter serves HOSTED_PAGE_DIR at /verify/:token and /verify/assets/*.
// Plain JavaScript on purpose: servers and tests import it from sources, with no build of this file.
import { fileURLToPath } from 'node:url';

/** The folder `npm run build -w @provefy/hosted-page` writes: index.html and assets/ (content-hashed files). */
export const HOSTED_PAGE_DIR = fileURLToPath(new URL('./dist/', import.meta.url));

/** The command that builds the page (shown when the build is missing). */
export const HOSTED_PAGE_BUILD_COMMAND = 'npm run build -w @provefy/hosted-page';

/** URL path under which the page's assets are served (Vite's `base` plus `assets/`). */
export const HOSTED_PAGE_ASSET_PREFIX = '/verify/assets/';
