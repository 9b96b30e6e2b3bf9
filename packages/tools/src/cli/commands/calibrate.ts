import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { parseCommand } from './parse-command.js';
import { findRepoRoot } from '@provefy/core/models';
import { calibrateFaces, formatFaceCalibration } from '../../calibration/calibrate-faces.js';
import { applyManifestFields, manifestFields } from '../../calibration/manifest-calibration.js';
import { silentProgress, streamProgress } from '../../eval/report/progress.js';
import { exitOnInputError } from '../input-error.js';

const USAGE = `Usage: provefy calibrate faces <dir> [options]

Calibrates the face-match thresholds on a labelled pair set (<dir>/faces/pairs.json, e.g. ../shared/fixtures/lfw):
per recognizer and for the fusion of two, PASS above every impostor score (+0.01, at a measured FAR <= 1e-4),
REVIEW from the threshold at FAR 1e-2; then the same calibration with each fold held out. Writes the fields
(matchThreshold, reviewThreshold, fusion) into models/manifest.json; rebuild @provefy/core to use them.

Options:
  --detector ID        face detector (default: the default profile's)
  --recognizers A,B    one recognizer, or two to fuse (default: mobilefacenet_128,faceapi_recognition)
  --manifest FILE      the manifest to write (default: models/manifest.json of this repository)
  --dry-run            print the fields, write nothing
  --json FILE          write the full report as JSON
  --quiet              no progress output
`;

/**
 * `provefy calibrate faces <dir>`: exits 0 after calibrating (and writing the manifest), 2 on a usage error,
 * 1 on a dataset error.
 *
 * @example
 * ```sh
 * npx provefy calibrate faces ../shared/fixtures/lfw --detector yunet_2023mar
 * ```
 */
export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand('calibrate', USAGE, parse, args);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals[0] !== 'faces' || positionals.length !== 2) {
    process.stderr.write(`provefy calibrate: expected "faces <dir>", got "${positionals.join(' ')}"\n\n${USAGE}`);
    return 2;
  }
  const recognizers = values.recognizers?.split(',').filter(Boolean);
  if (recognizers && (recognizers.length < 1 || recognizers.length > 2)) {
    process.stderr.write('provefy calibrate: --recognizers takes one recognizer or two to fuse\n');
    return 2;
  }
  const root = findRepoRoot();
  const manifestPath = values.manifest ?? (root ? join(root, 'models', 'manifest.json') : undefined);
  if (!values['dry-run'] && (!manifestPath || !existsSync(manifestPath))) {
    process.stderr.write('provefy calibrate: no models/manifest.json found: pass --manifest FILE or --dry-run\n');
    return 2;
  }
  try {
    const report = await calibrateFaces(positionals[1]!, {
      ...(values.detector ? { detector: values.detector } : {}),
      ...(recognizers ? { recognizers } : {}),
      progress: values.quiet ? silentProgress : streamProgress(process.stderr),
    });
    process.stdout.write(formatFaceCalibration(report));
    const fields = manifestFields(report);
    process.stdout.write(`\nmanifest fields:\n${Object.entries(fields).map(([id, f]) => `  ${id}: ${JSON.stringify(f)}`).join('\n')}\n`);
    if (values.json) writeFileSync(values.json, `${JSON.stringify({ ...report, manifestFields: fields }, null, 1)}\n`);
    if (!values['dry-run'] && manifestPath) {
      writeFileSync(manifestPath, applyManifestFields(readFileSync(manifestPath, 'utf8'), fields));
      process.stdout.write(`wrote ${manifestPath} (rebuild @provefy/core: npm run build -w @provefy/core)\n`);
    }
    return 0;
  } catch (e) {
    return exitOnInputError('provefy calibrate', e);
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      detector: { type: 'string' },
      recognizers: { type: 'string' },
      manifest: { type: 'string' },
      'dry-run': { type: 'boolean' },
      json: { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
