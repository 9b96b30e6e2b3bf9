import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ProvefyError, isProvefyError } from '@provefy/core';
import { env, type ModelEntry, getModelEntry, isAcceptedSha256, locateModel, searchFolders, type ModelSource, sha256File, downloadFile, withFileLock, copyVerified } from '@provefy/core/models';
import { convertedFromOf } from '../convert/faceapi-source.js';
import { installConvertedModel } from '../convert/install-converted.js';
import { cleanupFetchContext, createFetchContext, type FetchContext } from './fetch-context.js';
import { licenceNotice } from './licence-notice.js';
import { type ProgressFactory, terminalProgress } from './progress.js';
import { extractZipMember } from './zip-member.js';

/** Options of {@link fetchModel} and {@link fetchModels}. */
export interface FetchOptions {
  /** Folder to install into (default `env.cacheDir`). When set, only this folder counts as "already present". */
  dir?: string;
  /** A folder or http(s) base URL holding files by name, tried before the official URL (default `env.mirror`; null: none). */
  mirror?: string | null;
  /** Never use the network: only a mirror folder may supply files (default `env.offline`). */
  offline?: boolean;
  /** Try the official URL after the mirror (default true). */
  useOfficial?: boolean;
  /** Use this entry instead of the bundled manifest's (custom models, tests). */
  entry?: ModelEntry;
  /** For {@link fetchModels}: entries per id used instead of the bundled manifest's. */
  entries?: Readonly<Record<string, ModelEntry>>;
  /** Install even when a verified copy exists. */
  force?: boolean;
  /** Keep downloaded zip archives in `<dir>/.downloads` after extraction. */
  keepArchives?: boolean;
  /** Build converted models (face-api) from their npm package when no mirror holds them (default true). See models/convert. */
  convert?: boolean;
  /** For converted models: the npm tarball to convert from, a local path or URL (default: the registry's). */
  npmTarball?: string;
  /** For converted models: the npm registry (default PROVEFY_NPM_REGISTRY, npm_config_registry, registry.npmjs.org). */
  npmRegistry?: string;
  /** Network retries per download, each resuming (default 2). */
  retries?: number;
  retryDelayMs?: number;
  idleTimeoutMs?: number;
  /** Progress display (default: a bar on a TTY, plain lines otherwise, on stderr). */
  progress?: ProgressFactory;
  /** Where status lines and licence notices go (default stderr). */
  log?: (line: string) => void;
}

/** Where a fetched file came from. */
export type FetchSource = 'mirror-folder' | 'mirror-http' | 'official' | 'converted' | ModelSource;

/** A model that is installed and verified after {@link fetchModel}. */
export interface FetchOutcome {
  readonly id: string;
  readonly file: string;
  /** `installed` now, or `present` already (verified). */
  readonly status: 'installed' | 'present';
  readonly path: string;
  readonly source: FetchSource;
  /** The URL or path the bytes came from. */
  readonly from: string;
  readonly licence: string;
  readonly commercialUse: boolean;
}

const isHttp = (s: string) => /^https?:\/\//i.test(s);
const mirrorUrl = (base: string, file: string) => `${base.replace(/\/+$/, '')}/${encodeURIComponent(file)}`;
const is404 = (e: unknown) => isProvefyError(e, 'PROVEFY_ERR_MODEL_DOWNLOAD') && (e.details.status === 404 || e.details.status === 410);

/** True when the official URL does not serve the file itself (a converted model or a manual download). */
export function hasDirectDownload(entry: ModelEntry): boolean {
  return !entry.manualDownload && !entry.convertedFrom && !entry.npmPackage && !entry.url.startsWith('npm:') && !entry.url.startsWith('bundled:');
}

/**
 * How to obtain a model that cannot be downloaded automatically.
 *
 * @example
 * ```ts
 * manualInstructions('faceapi_age', manifest.models.faceapi_age!, env.cacheDir);
 * // 'faceapi_age is converted from the npm package @vladmandic/face-api@1.7.15 ...'
 * ```
 */
export function manualInstructions(id: string, entry: ModelEntry, dir: string): string {
  const place = `put ${entry.file} (sha256 ${entry.sha256}) in ${dir}, in PROVEFY_MODELS_DIR, or in a mirror (PROVEFY_MODEL_MIRROR)`;
  const c = entry.convertedFrom;
  if (convertedFromOf(entry)) {
    const either = place.replace(`(sha256 ${entry.sha256})`, `(sha256 ${entry.sha256}, or ${entry.convertedSha256} as converted by Provefy)`);
    return `${id} is converted from the npm package ${c!.package}@${c!.version} (${c!.file}) by \`provefy models fetch ${id}\` (it downloads the package from the npm registry); without registry access: ${either}. See docs/models.md#converted-models.`;
  }
  if (entry.url.startsWith('bundled:')) {
    return `${id} is Provefy's own model, trained by this repository (${entry.trainedBy ?? 'see docs/models.md'}) and shipped in the npm package ${entry.package ?? '@provefy/models-compact'}: reinstall dependencies (\`npm ci\`), or ${place}.`;
  }
  if (entry.url.startsWith('npm:')) {
    return `${id} is converted from the npm package ${c?.package ?? entry.url.slice(4)}${c?.version ? `@${c.version}` : ''} (${c?.file ?? 'weights'}); there is no direct download of the ONNX file: ${place}. See docs/models.md#converted-models.`;
  }
  if (c) {
    return `${id} is exported to ONNX from ${c.format ?? 'other'} weights at ${entry.url}${c.note ? ` (${c.note})` : ''}; there is no direct download of the ONNX file: ${place}. See docs/models.md#converted-models.`;
  }
  return `${id} has no direct download URL (see ${entry.url}): ${place}.`;
}

async function verifiedCopy(entry: ModelEntry, folders: { dir: string; source: ModelSource }[], log: (l: string) => void) {
  for (const { dir, source } of folders) {
    const p = join(dir, entry.file);
    if (!existsSync(p)) continue;
    const actual = await sha256File(p);
    if (!entry.sha256 || isAcceptedSha256(entry, actual)) return { path: p, source };
    log(
      `  ${entry.file} in ${dir} has sha256 ${actual}, expected ${entry.sha256}: ignoring it${source !== 'mirror' ? ' (it will be replaced or shadow a good copy: delete it)' : ''}`,
    );
  }
  return undefined;
}

/**
 * Makes one model available and verified: returns at once when a verified copy is already in a
 * search folder; else copies it from a mirror folder, downloads it from an http(s) mirror, or from
 * the official URL (extracting the member when the official file is a zip, whose own sha256 is
 * checked first). Bytes are written to `.part` files and renamed only after the sha256 matches.
 * Prints the licence (loudly for non-commercial weights). Throws a ProvefyError when every source failed
 * (PROVEFY_ERR_MODEL_CHECKSUM when a source served wrong bytes, PROVEFY_ERR_MODEL_MISSING for models
 * without a direct download, else PROVEFY_ERR_MODEL_DOWNLOAD), listing each attempt.
 *
 * @example
 * ```ts
 * const r = await fetchModel('yunet_2023mar', { dir: '/srv/models' });
 * console.log(r.status, r.path, r.source); // 'installed' '/srv/models/face_detection_yunet_2023mar.onnx' 'official'
 * ```
 */
export async function fetchModel(id: string, opts: FetchOptions = {}, ctx?: FetchContext): Promise<FetchOutcome> {
  const own = ctx === undefined;
  const context = ctx ?? createFetchContext();
  try {
    return await fetchOne(id, opts, context);
  } finally {
    if (own) await cleanupFetchContext(context, opts.keepArchives);
  }
}

async function fetchOne(id: string, opts: FetchOptions, ctx: FetchContext): Promise<FetchOutcome> {
  const entry = opts.entry ?? opts.entries?.[id] ?? getModelEntry(id);
  const log = opts.log ?? ((l: string) => void process.stderr.write(`${l}\n`));
  const progress = opts.progress ?? terminalProgress(process.stderr);
  const dir = opts.dir ?? env.cacheDir;
  const dest = join(dir, entry.file);
  const offline = opts.offline ?? env.offline;
  const mirror = opts.mirror === undefined ? env.mirror : (opts.mirror ?? undefined);
  const base = {
    id,
    file: entry.file,
    licence: entry.licence,
    commercialUse: entry.commercialUse,
  };
  const done = (status: 'installed' | 'present', path: string, source: FetchSource, from: string): FetchOutcome => {
    const check = entry.sha256 ? 'sha256 verified' : 'no sha256 in the manifest';
    if (status === 'installed') {
      log(`${id}: installed ${path} from ${from} (${check})`);
      for (const line of licenceNotice(id, entry)) log(line);
    } else {
      log(`${id}: present at ${path} (${source}, ${check})`);
      log(`  licence: ${entry.licence}${entry.commercialUse ? '' : '  (!) NOT for commercial use'}`);
    }
    return { ...base, status, path, source, from };
  };

  if (entry.npmPackage) {
    const loc = locateModel(id);
    if (loc) return done('present', loc.path, 'npm', loc.path);
    throw new ProvefyError('PROVEFY_ERR_MODEL_MISSING', `${entry.file} ships in the npm package ${entry.npmPackage}: run \`npm install ${entry.npmPackage}\``, {
      id,
      file: entry.file,
      command: `npm install ${entry.npmPackage}`,
    });
  }
  if (!opts.force) {
    const folders = opts.dir ? [{ dir: opts.dir, source: 'explicit' as ModelSource }] : searchFolders();
    const have = await verifiedCopy(entry, folders, log);
    if (have) return done('present', have.path, have.source, have.path);
  }

  // one installer per file at a time, across processes; another one may have finished meanwhile
  return withFileLock(`${dest}.lock`, async () => {
    if (!opts.force && entry.sha256 && existsSync(dest) && isAcceptedSha256(entry, await sha256File(dest))) return done('present', dest, opts.dir ? 'explicit' : 'cache', dest);
    return install();
  });

  async function install(): Promise<FetchOutcome> {
    const failures: { source: string; error: ProvefyError }[] = [];
    const note = (source: string, e: unknown) => {
      const error = isProvefyError(e) ? e : new ProvefyError('PROVEFY_ERR_MODEL_DOWNLOAD', (e as Error).message, {}, { cause: e });
      failures.push({ source, error });
      if (!is404(e)) log(`  ${id}: ${source} failed: ${error.message}`);
    };
    const dl = {
      retries: opts.retries,
      retryDelayMs: opts.retryDelayMs,
      idleTimeoutMs: opts.idleTimeoutMs,
      progress,
    };
    const fromArchive = async (archivePath: Promise<string>, source: FetchSource, from: string) => {
      const { path } = await extractZipMember(await archivePath, entry.member ?? entry.file, dest, entry.sha256);
      return done('installed', path, source, `${from} (member ${entry.member ?? entry.file})`);
    };
    /** The archive downloaded (once per run) into <dir>/.downloads and verified. */
    const archiveAt = (url: string): Promise<string> => {
      const a = entry.archive!;
      const key = `${a.sha256}:${resolve(dir)}`;
      let p = ctx.archives.get(key);
      if (!p) {
        const local = join(dir, '.downloads', a.file);
        p = downloadFile(url, local, {
          ...dl,
          sha256: a.sha256,
          bytes: a.bytes,
          label: a.file,
        }).then((r) => {
          ctx.downloaded.add(r.path);
          return r.path;
        });
        ctx.archives.set(key, p);
        p.catch(() => ctx.archives.delete(key));
      }
      return p;
    };

    if (mirror && isHttp(mirror)) {
      if (offline) log(`  ${id}: offline, skipping the http mirror ${mirror}`);
      else {
        const url = mirrorUrl(mirror, entry.file);
        try {
          await downloadFile(url, dest, {
            ...dl,
            sha256: entry.sha256,
            bytes: entry.bytes,
            label: entry.file,
          });
          return done('installed', dest, 'mirror-http', url);
        } catch (e) {
          note(`mirror ${url}`, e);
        }
        if (entry.archive) {
          const aurl = mirrorUrl(mirror, entry.archive.file);
          try {
            return await fromArchive(archiveAt(aurl), 'mirror-http', aurl);
          } catch (e) {
            note(`mirror ${aurl}`, e);
          }
        }
      }
    } else if (mirror) {
      const src = join(mirror, entry.file);
      if (existsSync(src) && resolve(src) !== resolve(dest)) {
        try {
          // a mirror may hold Provefy's conversion of a converted model instead of the mirror's file
          const expected = entry.convertedSha256 && (await sha256File(src)) === entry.convertedSha256 ? entry.convertedSha256 : entry.sha256;
          await copyVerified(src, dest, expected, progress(entry.file, entry.bytes, 0));
          return done('installed', dest, 'mirror-folder', src);
        } catch (e) {
          note(`mirror ${src}`, e);
        }
      }
      const asrc = entry.archive ? join(mirror, entry.archive.file) : undefined;
      if (entry.archive && asrc && existsSync(asrc)) {
        try {
          const actual = await sha256File(asrc);
          if (actual !== entry.archive.sha256) {
            throw new ProvefyError('PROVEFY_ERR_MODEL_CHECKSUM', `Archive ${asrc} has sha256 ${actual}, expected ${entry.archive.sha256}`, {
              path: asrc,
              expected: entry.archive.sha256,
              actual,
            });
          }
          return await fromArchive(Promise.resolve(asrc), 'mirror-folder', asrc);
        } catch (e) {
          note(`mirror ${asrc}`, e);
        }
      }
    }

    const cf = convertedFromOf(entry);
    if (opts.useOfficial !== false && cf && opts.convert !== false) {
      try {
        const r = await installConvertedModel(entry, dest, {
          offline,
          npmTarball: opts.npmTarball,
          registry: opts.npmRegistry,
          ctx,
          download: dl,
        });
        log(`  ${id}: converted ${cf.file} of ${cf.package}@${cf.version} in ${Math.round(r.convertMs)} ms`);
        return done('installed', r.path, 'converted', r.from);
      } catch (e) {
        const error = isProvefyError(e) ? e : new ProvefyError('PROVEFY_ERR_MODEL_DOWNLOAD', (e as Error).message, {}, { cause: e });
        note(`conversion from ${cf.package}@${cf.version}`, new ProvefyError(error.code, `${error.message}. ${manualInstructions(id, entry, dir)}`, error.details, { cause: e }));
      }
    } else if (opts.useOfficial !== false) {
      if (!hasDirectDownload(entry)) {
        failures.push({
          source: 'official',
          error: new ProvefyError('PROVEFY_ERR_MODEL_MISSING', manualInstructions(id, entry, dir), { id, file: entry.file }),
        });
      } else if (offline) {
        failures.push({
          source: 'official',
          error: new ProvefyError('PROVEFY_ERR_MODEL_DOWNLOAD', `offline (PROVEFY_OFFLINE), not downloading ${entry.url}`, { id, url: entry.url }),
        });
      } else {
        try {
          if (entry.archive) return await fromArchive(archiveAt(entry.url), 'official', entry.url);
          await downloadFile(entry.url, dest, {
            ...dl,
            sha256: entry.sha256,
            bytes: entry.bytes,
            label: entry.file,
          });
          return done('installed', dest, 'official', entry.url);
        } catch (e) {
          note(`official ${entry.url}`, e);
        }
      }
    }

    const last = failures.at(-1)?.error;
    const checksum = failures.find((f) => f.error.code === 'PROVEFY_ERR_MODEL_CHECKSUM')?.error;
    const code = checksum ? 'PROVEFY_ERR_MODEL_CHECKSUM' : (last?.code ?? 'PROVEFY_ERR_MODEL_MISSING');
    const tried = failures.length ? failures.map((f) => `${f.source}: ${f.error.message}`).join('; ') : 'no source configured (no mirror, official URL disabled)';
    throw new ProvefyError(code, `Could not fetch ${id} (${entry.file}) into ${dir}. ${tried}`, {
      id,
      file: entry.file,
      dir,
      attempts: failures.map((f) => ({
        source: f.source,
        code: f.error.code,
        message: f.error.message,
      })),
      ...(checksum
        ? {
            expected: checksum.details.expected,
            actual: checksum.details.actual,
          }
        : {}),
    });
  }
}

/** Result of {@link fetchModels}: every model either verified in place or failed with a typed error. */
export interface FetchReport {
  readonly ok: FetchOutcome[];
  readonly failed: { id: string; error: ProvefyError }[];
}

/**
 * Fetches several models (sharing zip downloads), continuing past failures.
 *
 * @example
 * ```ts
 * const { ok, failed } = await fetchModels(['scrfd_500m', 'genderage'], { dir: '/srv/models' });
 * if (failed.length) process.exitCode = 1;
 * ```
 */
export async function fetchModels(ids: readonly string[], opts: FetchOptions = {}): Promise<FetchReport> {
  const ctx = createFetchContext();
  const report: FetchReport = { ok: [], failed: [] };
  try {
    for (const id of ids) {
      try {
        report.ok.push(await fetchModel(id, opts, ctx));
      } catch (e) {
        report.failed.push({
          id,
          error: isProvefyError(e) ? e : new ProvefyError('PROVEFY_ERR_MODEL_DOWNLOAD', (e as Error).message, { id }, { cause: e }),
        });
      }
    }
  } finally {
    await cleanupFetchContext(ctx, opts.keepArchives);
  }
  return report;
}
