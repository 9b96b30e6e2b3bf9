import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findRepoRoot } from './env.js';
import { manifest } from './manifest.js';

const ROOT = findRepoRoot()!;
const FIX = resolve(ROOT, '../shared/fixtures');
const run = promisify(execFile);
let dir: string;

/**
 * Runs real checks in a fresh process, the way a user's install would: the working directory has no
 * `../shared`, the user cache and the mirror are empty folders, and no PROVEFY_* variable is set (except the
 * empty mirror, which stops the store from finding this repository's `../shared/models`). Every model of
 * the default profile must then come from the npm package `@provefy/models-compact`.
 */
const SCRIPT = (src: string) => `
import { readFile } from 'node:fs/promises';
import { env, resolveModel, selectProfile } from '${src}/models/index.js';
import { estimateAge, matchFaces, readDocument, verifyLiveness } from '${src}/index.js';
import { terminateOcr } from '${src}/document/ocr/tesseract-pool.js';
import { releaseOnnxSessions } from '${src}/models/onnx-session.js';
const fix = process.argv[2];
const img = (p) => readFile(fix + '/' + p);
const p = selectProfile();
const ids = [p.detector, p.recognizer, ...p.age, ...p.liveness, ...p.ocr];
const sources = {};
for (const id of ids) sources[id] = (await resolveModel(id)).source;
const same = await matchFaces(await img('faces/images/faceapi/amy/amy1.png'), await img('faces/images/faceapi/amy/amy2.png'), { documentKind: 'photo' });
const other = await matchFaces(await img('faces/images/faceapi/amy/amy1.png'), await img('faces/images/faceapi/bernadette/bernadette1.png'), { documentKind: 'photo' });
const live = await verifyLiveness(await img('liveness/images/minivision/image_T1.jpg'));
const spoof = await verifyLiveness(await img('liveness/images/minivision/image_F1.jpg'));
const age = await estimateAge(await img('ages/images/41_0_2_20170104184907998.jpg.chip.jpg'));
const doc = await readDocument(await img('documents/images/fastmrz/td3.jpg'));
console.log(JSON.stringify({
  cwd: process.cwd(), profile: p.name, commercialUse: p.commercialUse, sources, mirror: env.mirror, cache: env.cacheDir, packageDir: env.packageDir,
  same: { passed: same.isMatch, similarity: same.similarityScore, detector: same.detector, model: same.model },
  other: { passed: other.isMatch, similarity: other.similarityScore },
  live: { score: live.livenessScore }, spoof: { score: spoof.livenessScore },
  age: age.estimatedAge, mrz: doc.mrz?.lines ?? null, mrzValid: doc.mrz?.valid ?? null,
}));
await terminateOcr();
await releaseOnnxSessions();
`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provefy-stranger-'));
  for (const d of ['work', 'cache', 'mirror']) mkdirSync(join(dir, d));
  writeFileSync(join(dir, 'work', 'check.mts'), SCRIPT(join(ROOT, 'packages/core/src')));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the default profile from the npm package alone', () => {
  it('runs face match, liveness, age and a document read with every model resolved from @provefy/models-compact', async () => {
    const childEnv: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PROVEFY_') && k !== 'XDG_CACHE_HOME') childEnv[k] = v;
    Object.assign(childEnv, { PROVEFY_MODEL_MIRROR: join(dir, 'mirror'), XDG_CACHE_HOME: join(dir, 'cache'), NODE_NO_WARNINGS: '1' });
    const { stdout } = await run(join(ROOT, 'node_modules/.bin/tsx'), [join(dir, 'work', 'check.mts'), FIX], { cwd: join(dir, 'work'), env: childEnv, timeout: 240_000, maxBuffer: 1 << 22 });
    const r = JSON.parse(stdout.trim().split('\n').pop()!);
    expect(r.cwd).toBe(join(dir, 'work'));
    expect(r.mirror).toBe(join(dir, 'mirror'));
    expect(r.cache).toBe(join(dir, 'cache', 'provefy', 'models'));
    expect(r.profile).toBe('default');
    expect(r.commercialUse).toBe(true);
    const d = manifest.profiles.default!;
    const expected = Object.fromEntries([d.detector[0]!, d.recognizer[0]!, ...d.age, ...d.liveness, ...d.ocr].map((id) => [id, manifest.models[id]!.npmPackage ? 'npm' : 'package']));
    expect(r.sources).toEqual(expected);
    expect(Object.values(r.sources).filter((s) => s === 'package').length).toBeGreaterThanOrEqual(6);
    // face match fuses the profile's recognizer with face-api's when the package ships both (docs/face-matching.md)
    const fusion = manifest.models[d.recognizer[0]!]!.fusion;
    expect(r.same).toMatchObject({ passed: true, detector: d.detector[0], model: fusion ? `${d.recognizer[0]}+${fusion.with}` : d.recognizer[0] });
    expect(r.other.passed).toBe(false);
    expect(r.same.similarity).toBeGreaterThan(r.other.similarity);
    expect(r.live.score).toBeGreaterThan(r.spoof.score);
    expect(r.age).toBeGreaterThan(25);
    expect(r.age).toBeLessThan(60);
    expect(r.mrz).toHaveLength(2);
    expect(r.mrzValid).toBe(true);
  }, 300_000);
});
