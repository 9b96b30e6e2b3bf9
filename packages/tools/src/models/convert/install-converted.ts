/**
 * Installs a converted model (face-api's networks) without any mirror: finds the npm package's weights (an
 * installed copy of the package, a local or given tarball, else the registry tarball, downloaded and
 * checked against its sha256), verifies the weight files, converts them and installs the ONNX file only
 * when its sha256 equals the manifest's `convertedSha256`.
 */
import { readFile, writeFile, mkdir, rm } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { ProvefyError, isProvefyError } from '@provefy/core';
import { downloadFile, type DownloadOptions, partPath, verifyAndInstall, type ModelEntry } from '@provefy/core/models';
import type { FetchContext } from '../fetch/fetch-context.js';
import { convertFaceApiWeights } from './convert-faceapi.js';
import {
  type ConvertedFrom,
  type FaceApiWeights,
  convertedFromOf,
  installedPackageDir,
  tarballUrl,
  weightsFromPackageDir,
  weightsFromTarball,
} from './faceapi-source.js';

/** Options of {@link installConvertedModel}. */
export interface ConvertOptions {
  /** Never use the network; only an installed package or a local `npmTarball` can be converted. */
  offline?: boolean;
  /** The package tarball to convert from: a local path or an http(s) URL (default: the registry's tarball). */
  npmTarball?: string;
  /** npm registry base URL (default PROVEFY_NPM_REGISTRY, npm_config_registry, else registry.npmjs.org). */
  registry?: string;
  /** Look for an installed copy of the package in node_modules first (default true; not when `npmTarball` is given). */
  useInstalledPackage?: boolean;
  /** Shares one tarball download between models of a fetch run (deleted by cleanupFetchContext). */
  ctx?: FetchContext;
  /** Download behaviour (retries, progress...). */
  download?: Pick<DownloadOptions, 'retries' | 'retryDelayMs' | 'idleTimeoutMs' | 'progress'>;
}

/** What {@link installConvertedModel} did. */
export interface ConvertOutcome {
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  /** The tarball URL/path or package folder the weights came from. */
  readonly from: string;
  /** Time spent converting (excluding the download), ms. */
  readonly convertMs: number;
}

/**
 * The ONNX bytes of a convertible manifest entry from verified weights.
 *
 * @example
 * ```ts
 * const cf = convertedFromOf(manifest.models.faceapi_age!)!;
 * const onnx = buildConvertedModel(cf, weightsFromTarball(tgz, cf, 'face-api-1.7.15.tgz'));
 * ```
 */
export function buildConvertedModel(cf: ConvertedFrom, weights: FaceApiWeights): Uint8Array {
  return convertFaceApiWeights(cf.converter, weights.manifest, weights.shards, { package: cf.package, version: cf.version, shardSha256: weights.shardSha256 });
}

const isHttp = (s: string) => /^https?:\/\//i.test(s);

/** Downloads (once per fetch run) and verifies the tarball into `<dir>/.downloads`, returning its path. */
function downloadTarball(url: string, cf: ConvertedFrom, dir: string, opts: ConvertOptions): Promise<string> {
  const key = `${cf.tarballSha256}:${resolve(dir)}`;
  const shared = opts.ctx?.archives.get(key);
  if (shared) return shared;
  const local = join(dir, '.downloads', `${basename(new URL(url).pathname)}`);
  const p = downloadFile(url, local, { ...opts.download, sha256: cf.tarballSha256, label: basename(local) }).then((r) => {
    opts.ctx?.downloaded.add(r.path);
    return r.path;
  });
  if (opts.ctx) {
    opts.ctx.archives.set(key, p);
    p.catch(() => opts.ctx?.archives.delete(key));
  }
  return p;
}

/**
 * Converts the model of `entry` and installs it at `dest` (through a `.part` file, renamed after its sha256
 * matches `entry.convertedSha256`). Source: `opts.npmTarball` when given; else an installed copy of the package at
 * the pinned version, then the registry tarball (unless offline). Every weight file's sha256 is checked before
 * conversion. Throws PROVEFY_ERR_MODEL_CHECKSUM (a source or the result has other bytes),
 * PROVEFY_ERR_MODEL_DOWNLOAD (no source reachable) or PROVEFY_ERR_MODEL_MISSING (not convertible).
 *
 * @example
 * ```ts
 * const r = await installConvertedModel(manifest.models.faceapi_age!, '/srv/models/faceapi_age_gender.onnx');
 * console.log(r.from, r.sha256); // 'https://registry.npmjs.org/@vladmandic/face-api/-/face-api-1.7.15.tgz' '...'
 * ```
 */
export async function installConvertedModel(entry: ModelEntry, dest: string, opts: ConvertOptions = {}): Promise<ConvertOutcome> {
  const cf = convertedFromOf(entry);
  if (!cf) throw new ProvefyError('PROVEFY_ERR_MODEL_MISSING', `${entry.file} cannot be converted by Provefy`, { file: entry.file });
  const dir = resolve(dest, '..');
  const failures: ProvefyError[] = [];
  const attempt = async (load: () => Promise<FaceApiWeights>): Promise<ConvertOutcome | undefined> => {
    let weights: FaceApiWeights;
    try {
      weights = await load();
    } catch (e) {
      failures.push(isProvefyError(e) ? e : new ProvefyError('PROVEFY_ERR_MODEL_LOAD', (e as Error).message, {}, { cause: e }));
      return undefined;
    }
    const t0 = performance.now();
    const bytes = buildConvertedModel(cf, weights);
    const convertMs = performance.now() - t0;
    await mkdir(dir, { recursive: true });
    const part = partPath(dest);
    try {
      await writeFile(part, bytes);
      const sha256 = await verifyAndInstall(part, dest, entry.convertedSha256, `conversion of ${weights.from}`);
      return { path: dest, sha256, bytes: bytes.length, from: weights.from, convertMs };
    } finally {
      await rm(part, { force: true });
    }
  };

  if (opts.useInstalledPackage !== false && !opts.npmTarball) {
    const pkgDir = installedPackageDir(cf);
    if (pkgDir) {
      const r = await attempt(async () => weightsFromPackageDir(pkgDir, cf));
      if (r) return r;
    }
  }
  const source = opts.npmTarball ?? tarballUrl(cf, opts.registry);
  if (!isHttp(source)) {
    const r = await attempt(async () => weightsFromTarball(await readFile(source), cf, source));
    if (r) return r;
  } else if (opts.offline) {
    failures.push(new ProvefyError('PROVEFY_ERR_MODEL_DOWNLOAD', `offline (PROVEFY_OFFLINE), not downloading ${source}`, { url: source }));
  } else {
    const r = await attempt(async () => weightsFromTarball(await readFile(await downloadTarball(source, cf, dir, opts)), cf, source));
    if (r) return r;
  }
  const checksum = failures.find((f) => f.code === 'PROVEFY_ERR_MODEL_CHECKSUM');
  const last = checksum ?? failures.at(-1)!;
  const message = failures.length > 1 ? failures.map((f) => f.message).join('; ') : last.message;
  throw new ProvefyError(last.code, `Could not convert ${entry.file} from ${cf.package}@${cf.version}: ${message}`, { ...last.details, file: entry.file }, { cause: last });
}
