#!/usr/bin/env node
/**
 * The `provefy` command. Each sub-command lives in `commands/<name>.ts` and exports `run(args)`.
 *
 *   provefy models list|fetch   model store status and downloads
 *   provefy eval <dir>          accuracy on a labelled dataset
 *   provefy calibrate faces <dir>  face-match thresholds into models/manifest.json
 *   provefy bench               latency and throughput
 *   provefy demo [image]        run the core checks on an image
 */
import { isProvefyError } from '@provefy/core';

type Command = { run(args: string[]): Promise<number> };

const COMMANDS: Record<string, () => Promise<Command>> = {
  models: () => import('./commands/models.js'),
  eval: () => import('./commands/eval.js'),
  calibrate: () => import('./commands/calibrate.js'),
  bench: () => import('./commands/bench.js'),
  demo: () => import('./commands/demo.js'),
};

const USAGE = `Usage: provefy <command> [options]

Commands:
  models list                 show every model: present, verified, missing, where from
  models fetch [--profile P]  download, verify and install models (P: default | insightface | insightface-compact)
  eval <dir> [--json F] [--report F] [--profile P]
                              measure accuracy on a labelled dataset
  calibrate faces <dir> [--dry-run] [--detector D] [--recognizers A,B]
                              calibrate face-match thresholds, write them into models/manifest.json
  bench [--out F] [--compare old.json]
                              measure latency and throughput
  demo [image]                run the checks on an image and print the results
`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(USAGE);
    return name ? 0 : 1;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`provefy: unknown command "${name}"\n\n${USAGE}`);
    return 2;
  }
  const cmd = await load();
  return cmd.run(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    if (isProvefyError(err)) process.stderr.write(`provefy: ${err.code}: ${err.message}\n`);
    else process.stderr.write(`provefy: ${(err as Error)?.stack ?? String(err)}\n`);
    process.exitCode = 1;
  },
);
