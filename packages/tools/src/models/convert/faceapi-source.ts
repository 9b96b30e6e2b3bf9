/**
 * Where the face-api weights come from and how they are checked: the manifest entry's `convertedFrom`
 * (package, version, weight files with their sha256, the registry tarball with its sha256), the npm tarball
 * (downloaded, or a local file), or an installed copy of the package; every weight file is verified.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProvefyError } from '@provefy/core';
import type { ModelEntry } from '@provefy/core/models';
import { FACEAPI_NETWORKS, type FaceApiNetwork, parseWeightsManifest } from './convert-faceapi.js';
import { readTarGzMembers } from './tar-gz.js';
import type { TfjsWeightsManifest } from './tfjs-weights.js';

/** The `convertedFrom` of a manifest entry the converter can build. */
export interface ConvertedFrom {
  /** Which converter builds the file (a key of FACEAPI_NETWORKS). */
  readonly converter: FaceApiNetwork;
  readonly package: string;
  readonly version: string;
  /** The weight shard inside the package, e.g. `model/age_gender_model.bin`, and its sha256. */
  readonly file: string;
  readonly sha256: string;
  /** The tfjs weights manifest inside the package and its sha256. */
  readonly weightsManifest: string;
  readonly weightsManifestSha256: string;
  /** The registry tarball URL and its sha256. */
  readonly tarball: string;
  readonly tarballSha256: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

/** The default npm registry (the manifest's tarball URLs point there). */
export const NPM_REGISTRY = 'https://registry.npmjs.org';

/**
 * The entry's conversion recipe when Provefy can build the file itself, else undefined.
 *
 * @example
 * ```ts
 * convertedFromOf(manifest.models.faceapi_age!)?.converter; // 'faceapi-age-gender'
 * convertedFromOf(manifest.models.minifasnet_v2!); // undefined (exported from PyTorch, not convertible here)
 * ```
 */
export function convertedFromOf(entry: ModelEntry): ConvertedFrom | undefined {
  const c = entry.convertedFrom as Partial<Record<keyof ConvertedFrom, string>> | undefined;
  if (!c || !entry.convertedSha256 || !c.converter || !(c.converter in FACEAPI_NETWORKS)) return undefined;
  const ok = c.package && c.version && c.file && c.weightsManifest && c.tarball && [c.sha256, c.weightsManifestSha256, c.tarballSha256].every((h) => h && HEX64.test(h));
  return ok ? (c as ConvertedFrom) : undefined;
}

/**
 * The tarball URL on `registry` (default: PROVEFY_NPM_REGISTRY, else npm_config_registry, else the manifest's URL).
 *
 * @example
 * ```ts
 * tarballUrl(cf, 'https://npm.example.org/'); // 'https://npm.example.org/@vladmandic/face-api/-/face-api-1.7.15.tgz'
 * ```
 */
export function tarballUrl(cf: ConvertedFrom, registry = process.env.PROVEFY_NPM_REGISTRY || process.env.npm_config_registry): string {
  const base = registry?.replace(/\/+$/, '');
  if (!base || base === NPM_REGISTRY) return cf.tarball;
  const bare = cf.package.replace(/^@[^/]+\//, '');
  return `${base}/${cf.package}/-/${bare}-${cf.version}.tgz`;
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * Throws PROVEFY_ERR_MODEL_CHECKSUM (naming the file, its source and both hashes) unless `bytes` hash to `expected`.
 *
 * @example
 * ```ts
 * verifySourceFile('model/age_gender_model.bin', bytes, cf.sha256, 'face-api-1.7.15.tgz');
 * ```
 */
export function verifySourceFile(name: string, bytes: Uint8Array, expected: string, from: string): void {
  const actual = sha256(bytes);
  if (actual !== expected) {
    throw new ProvefyError('PROVEFY_ERR_MODEL_CHECKSUM', `${name} from ${from} has sha256 ${actual}, expected ${expected}; refusing to convert it`, {
      path: name,
      from,
      expected,
      actual,
    });
  }
}

/** The verified weights of one network, ready for convertFaceApiWeights. */
export interface FaceApiWeights {
  readonly manifest: TfjsWeightsManifest;
  readonly shards: Map<string, Uint8Array>;
  readonly shardSha256: Record<string, string>;
  /** Where they were read from (a tarball path/URL or a package folder). */
  readonly from: string;
}

/**
 * Reads and verifies one network's weight files through `read(pathInPackage)` (e.g. `model/x.bin`).
 * Only the shard named in `convertedFrom` is accepted (its sha256 and the weights manifest's are checked).
 */
function collectWeights(cf: ConvertedFrom, read: (path: string) => Uint8Array | undefined, from: string): FaceApiWeights {
  const folder = dirname(cf.weightsManifest);
  const mBytes = read(cf.weightsManifest);
  if (!mBytes) throw new ProvefyError('PROVEFY_ERR_MODEL_LOAD', `${from} does not hold ${cf.weightsManifest}`, { from, file: cf.weightsManifest });
  verifySourceFile(cf.weightsManifest, mBytes, cf.weightsManifestSha256, from);
  const manifest = parseWeightsManifest(mBytes);
  const shards = new Map<string, Uint8Array>();
  const shardSha256: Record<string, string> = {};
  for (const name of manifest.flatMap((g) => g.paths)) {
    const path = folder === '.' ? name : `${folder}/${name}`;
    if (path !== cf.file) throw new ProvefyError('PROVEFY_ERR_MODEL_LOAD', `${cf.weightsManifest} names a shard ${path} the manifest does not pin`, { from, file: path });
    const bytes = read(path);
    if (!bytes) throw new ProvefyError('PROVEFY_ERR_MODEL_LOAD', `${from} does not hold ${path}`, { from, file: path });
    verifySourceFile(path, bytes, cf.sha256, from);
    shards.set(name, bytes);
    shardSha256[name] = cf.sha256;
  }
  return { manifest, shards, shardSha256, from };
}

/**
 * The verified weights from an npm tarball's bytes (members under `package/`).
 *
 * @example
 * ```ts
 * const w = weightsFromTarball(readFileSync('face-api-1.7.15.tgz'), convertedFromOf(manifest.models.faceapi_age!)!, 'face-api-1.7.15.tgz');
 * ```
 */
export function weightsFromTarball(tgz: Uint8Array, cf: ConvertedFrom, from: string): FaceApiWeights {
  const folder = `package/${dirname(cf.weightsManifest)}/`;
  const members = readTarGzMembers(tgz, (p) => p.startsWith(folder) && !p.slice(folder.length).includes('/'));
  return collectWeights(cf, (p) => members.get(`package/${p}`), from);
}

/**
 * The folder of an installed copy of the package at exactly `cf.version` (in a node_modules folder above one
 * of `from`: by default the working directory and this module), or undefined.
 *
 * @example
 * ```ts
 * installedPackageDir(cf); // '/app/node_modules/@vladmandic/face-api' after `npm install @vladmandic/face-api@1.7.15`
 * ```
 */
export function installedPackageDir(cf: ConvertedFrom, from: readonly string[] = [process.cwd(), dirname(fileURLToPath(import.meta.url))]): string | undefined {
  for (const start of from) {
    for (let dir = resolve(start), i = 0; i < 12; i++) {
      const pj = join(dir, 'node_modules', cf.package, 'package.json');
      if (existsSync(pj)) {
        try {
          if ((JSON.parse(readFileSync(pj, 'utf8')) as { version?: string }).version === cf.version) return dirname(pj);
        } catch {
          // unreadable package.json: keep looking
        }
      }
      const up = dirname(dir);
      if (up === dir) break;
      dir = up;
    }
  }
  return undefined;
}

/**
 * The verified weights from a package folder (an installed or unpacked copy of the package).
 *
 * @example
 * ```ts
 * const w = weightsFromPackageDir('node_modules/@vladmandic/face-api', cf);
 * ```
 */
export function weightsFromPackageDir(dir: string, cf: ConvertedFrom): FaceApiWeights {
  return collectWeights(
    cf,
    (p) => {
      const f = join(dir, p);
      return existsSync(f) ? readFileSync(f) : undefined;
    },
    dir,
  );
}
