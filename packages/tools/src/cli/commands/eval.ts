import { PROFILE_CHOICES, parseProfileName } from '@provefy/core/models';
import { parseArgs } from 'node:util';
import { parseCommand } from './parse-command.js';
import { parseSectionList, SECTION_LABELS, SECTION_NAMES } from '../../eval/datasets/layout.js';
import { writeAccuracyDocs } from '../../eval/report/accuracy-docs.js';
import { sectionSummary } from '../../eval/report/markdown.js';
import { silentProgress, streamProgress } from '../../eval/report/progress.js';
import { writeEvalOutputs } from '../../eval/report/write-report.js';
import { runEval } from '../../eval/run-eval.js';
import { exitOnInputError } from '../input-error.js';

const USAGE = `Usage: provefy eval <dir> [options]

Runs every section whose labels file exists under <dir>:
${SECTION_NAMES.map((n) => `  ${n.padEnd(10)} ${SECTION_LABELS[n]}`).join('\n')}

Options:
  --profile P        model profile: default | insightface | insightface-compact (default: default)
  --json FILE        write the figures as JSON
  --report FILE      write a markdown report (ROC/DET SVGs next to it)
  --docs FILE        write an accuracy page (e.g. docs/accuracy.md) from this run
  --sections LIST    run only these sections, e.g. faces,ages
  --faces-kind K     the second image of face pairs: photo | document (default: the labels' "kind", else photo)
  --detector ID      face detector for the faces section, e.g. yunet_2023mar (default: the profile's)
  --recognizer ID    face recognizer for the faces section, e.g. faceapi_recognition (default: the profile's)
  --fusion on|off    fuse the recognizer with its calibrated partner (default: on when the partner is installed)
  --video-fps N      frames per second sampled from clips (default: every frame, at the clip's own rate)
  --max-failures N   worst failures listed per section (default 10)
  --quiet            no progress output
`;

/**
 * `provefy eval <dir>`: exits 0 after running (sections this build cannot run are reported, not fatal),
 * 2 on a usage error, 1 on a dataset error.
 *
 * @example
 * ```sh
 * npx provefy eval ../shared/fixtures --json r.json --report r.md
 * ```
 */
export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand('eval', USAGE, parse, args);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    process.stderr.write(`provefy eval: expected one dataset folder, got ${positionals.length}\n\n${USAGE}`);
    return 2;
  }
  const profile = parseProfileName(values.profile);
  if (values.profile !== undefined && !profile) {
    process.stderr.write(`provefy eval: --profile must be ${PROFILE_CHOICES}, got "${values.profile}"\n`);
    return 2;
  }
  const intOption = (name: string, v: string | undefined, min: number, max: number): number | undefined => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number from ${min} to ${max}, got "${v}"`);
    return n;
  };
  const facesKind = values['faces-kind'];
  if (facesKind !== undefined && facesKind !== 'photo' && facesKind !== 'document') {
    process.stderr.write(`provefy eval: --faces-kind must be photo or document, got "${facesKind}"\n`);
    return 2;
  }
  const fusion = values.fusion;
  if (fusion !== undefined && fusion !== 'on' && fusion !== 'off') {
    process.stderr.write(`provefy eval: --fusion must be on or off, got "${fusion}"\n`);
    return 2;
  }
  let videoFps: number | undefined;
  let maxFailures: number | undefined;
  let sections: ReturnType<typeof parseSectionList> | undefined;
  try {
    videoFps = intOption('video-fps', values['video-fps'], 1, 60);
    maxFailures = intOption('max-failures', values['max-failures'], 0, 1000);
    sections = values.sections ? parseSectionList(values.sections) : undefined;
  } catch (e) {
    process.stderr.write(`provefy eval: ${(e as Error).message}\n`);
    return 2;
  }

  try {
    const report = await runEval(positionals[0]!, {
      ...(profile ? { profile } : {}),
      ...(sections ? { sections } : {}),
      ...(videoFps ? { videoFps } : {}),
      ...(facesKind ? { facesKind } : {}),
      ...(values.detector ? { detector: values.detector } : {}),
      ...(values.recognizer ? { recognizer: values.recognizer } : {}),
      ...(fusion !== undefined ? { fusion: fusion === 'on' } : {}),
      ...(maxFailures !== undefined ? { maxFailures } : {}),
      progress: values.quiet ? silentProgress : streamProgress(process.stderr),
    });
    const written = writeEvalOutputs(report, { json: values.json, markdown: values.report });
    if (values.docs) written.push(...writeAccuracyDocs([report], values.docs));
    const lines = Object.values(report.sections).map((s) => `  ${s!.name.padEnd(10)} ${s!.status === 'ok' ? sectionSummary(s!) : `${s!.status}: ${s!.reason}`}`);
    process.stdout.write(`provefy eval ${report.dataset} (profile ${report.profile?.name ?? 'none'}, ${report.elapsedS} s)\n${lines.join('\n')}\n`);
    if (written.length) process.stdout.write(`wrote ${written.join(', ')}\n`);
    return 0;
  } catch (e) {
    return exitOnInputError('provefy eval', e);
  }
}

function parse(args: string[]) {
  return parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      profile: { type: 'string' },
      json: { type: 'string' },
      report: { type: 'string' },
      docs: { type: 'string' },
      sections: { type: 'string' },
      'faces-kind': { type: 'string' },
      detector: { type: 'string' },
      recognizer: { type: 'string' },
      fusion: { type: 'string' },
      'video-fps': { type: 'string' },
      'max-failures': { type: 'string' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
