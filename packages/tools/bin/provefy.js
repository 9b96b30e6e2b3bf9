#!/usr/bin/env node
// Launcher of the `provefy` command (linked into node_modules/.bin by `npm ci`, so it must exist before
// the build): runs the built CLI, or says how to build it.
import { existsSync } from 'node:fs';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('provefy: the CLI is not built yet: run `npm run build` in the repository root first.\n');
  process.exit(1);
}
await import(main.href);
