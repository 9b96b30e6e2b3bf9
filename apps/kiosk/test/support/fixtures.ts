import { fileURLToPath } from 'node:url';

/** The labelled fixtures (`../shared/fixtures` next to the repository; `PROVEFY_FIXTURES` overrides). Read in place. */
export const FIXTURES = process.env.PROVEFY_FIXTURES ?? fileURLToPath(new URL('../../../../../shared/fixtures/', import.meta.url));
