import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ProvefyError } from '../../errors/index.js';
import { manifest } from '../manifest.js';
import { sha256File } from '../sha256.js';
import { downloadFile } from './download.js';
import { SHARED_MODELS, type TestModelServer, startTestModelServer } from '../../../../../test/helpers/test-model-server.js';

const MIRROR = SHARED_MODELS;
const entry = manifest.models.genderage!; // 1.3 MB, real file in the mirror
const real = readFileSync(join(MIRROR, entry.file));

let server: TestModelServer;
let dir: string;

beforeAll(async () => {
  server = await startTestModelServer(MIRROR);
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provefy-dl-'));
  server.requests.length = 0;
  server.files.clear();
  server.cut.clear();
  server.ranges = true;
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const opts = { sha256: entry.sha256, bytes: entry.bytes, retryDelayMs: 10 };

describe('downloadFile', () => {
  it('downloads, verifies and installs a real model file', async () => {
    const dest = join(dir, entry.file);
    const r = await downloadFile(`${server.url}/${entry.file}`, dest, opts);
    expect(r.sha256).toBe(entry.sha256);
    expect(r.attempts).toBe(1);
    expect(r.resumed).toBe(false);
    expect(statSync(dest).size).toBe(entry.bytes);
    expect(await sha256File(dest)).toBe(entry.sha256);
    expect(readdirSync(dir)).toEqual([entry.file]);
  });

  it('refuses a corrupted file: hash mismatch names both hashes, nothing installed, no part file left', async () => {
    const bad = Buffer.from(real);
    bad[1000] = bad[1000]! ^ 0xff;
    server.files.set(entry.file, bad);
    const dest = join(dir, entry.file);
    const err = await downloadFile(`${server.url}/${entry.file}`, dest, opts).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProvefyError);
    const e = err as ProvefyError;
    expect(e.code).toBe('PROVEFY_ERR_MODEL_CHECKSUM');
    expect(e.message).toContain(entry.sha256!);
    expect(e.details.actual).toMatch(/^[0-9a-f]{64}$/);
    expect(e.details.actual).not.toBe(entry.sha256);
    expect(e.message).toContain(e.details.actual as string);
    expect(existsSync(dest)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a connection cut mid-download leaves only a .part file; a retry resumes with Range and succeeds', async () => {
    server.cut.set(entry.file, { after: 400_000, times: 1 });
    const dest = join(dir, entry.file);
    const err = await downloadFile(`${server.url}/${entry.file}`, dest, { ...opts, retries: 0 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProvefyError);
    expect((err as ProvefyError).code).toBe('PROVEFY_ERR_MODEL_DOWNLOAD');
    expect(existsSync(dest)).toBe(false);
    // whatever is left is a .part, shorter than the model, never at the model's name
    for (const f of readdirSync(dir)) expect(f.endsWith('.part')).toBe(true);
    const partSize = statSync(`${dest}.part`).size;
    expect(partSize).toBeGreaterThan(0);
    expect(partSize).toBeLessThan(entry.bytes);

    const r = await downloadFile(`${server.url}/${entry.file}`, dest, { ...opts, retries: 0 });
    expect(r.resumed).toBe(true);
    expect(server.requests.at(-1)!.range).toBe(`bytes=${partSize}-`);
    expect(await sha256File(dest)).toBe(entry.sha256);
    expect(readdirSync(dir)).toEqual([entry.file]);
  });

  it('retries by itself within one call after a cut (resuming)', async () => {
    server.cut.set(entry.file, { after: 300_000, times: 2 });
    const dest = join(dir, entry.file);
    const r = await downloadFile(`${server.url}/${entry.file}`, dest, { ...opts, retries: 3 });
    expect(r.attempts).toBe(3);
    expect(r.resumed).toBe(true);
    expect(server.requests.filter((q) => q.range).length).toBe(2);
    expect(await sha256File(dest)).toBe(entry.sha256);
  });

  it('restarts cleanly when the server ignores Range', async () => {
    server.ranges = false;
    server.cut.set(entry.file, { after: 500_000, times: 1 });
    const dest = join(dir, entry.file);
    const r = await downloadFile(`${server.url}/${entry.file}`, dest, { ...opts, retries: 1 });
    expect(r.attempts).toBe(2);
    expect(r.resumed).toBe(false);
    expect(statSync(dest).size).toBe(entry.bytes);
    expect(await sha256File(dest)).toBe(entry.sha256);
  });

  it('a stale .part holding other bytes is discarded after a mismatch and the download restarts from zero', async () => {
    const dest = join(dir, entry.file);
    await writeFile(`${dest}.part`, Buffer.alloc(200_000, 7));
    const r = await downloadFile(`${server.url}/${entry.file}`, dest, opts);
    expect(await sha256File(dest)).toBe(entry.sha256);
    expect(server.requests.map((q) => q.range)).toEqual(['bytes=200000-', undefined]);
    expect(r.resumed).toBe(false);
    expect(readdirSync(dir)).toEqual([entry.file]);
  });

  it('a 404 fails at once with PROVEFY_ERR_MODEL_DOWNLOAD and the status', async () => {
    const err = (await downloadFile(`${server.url}/nope.onnx`, join(dir, 'nope.onnx'), { retries: 3, retryDelayMs: 10 }).catch((e: unknown) => e)) as ProvefyError;
    expect(err.code).toBe('PROVEFY_ERR_MODEL_DOWNLOAD');
    expect(err.details.status).toBe(404);
    expect(server.requests.length).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('an unreachable host gives a typed error', async () => {
    const err = (await downloadFile('http://127.0.0.1:1/x.onnx', join(dir, 'x.onnx'), { retries: 0 }).catch((e: unknown) => e)) as ProvefyError;
    expect(err).toBeInstanceOf(ProvefyError);
    expect(err.code).toBe('PROVEFY_ERR_MODEL_DOWNLOAD');
    expect(existsSync(join(dir, 'x.onnx'))).toBe(false);
  });
});
