import { copyFileSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { findRepoRoot } from '@provefy/core/models';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from './calibrate.js';

const ROOT = findRepoRoot()!;
const FIX = resolve(ROOT, '../shared/fixtures');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'provefy-calibrate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the command with stdout and stderr captured. */
async function calibrate(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => {
    err += String(s);
    return true;
  });
  try {
    return { code: await run(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

describe('provefy calibrate faces', () => {
  it('refuses a wrong sub-command or a third recognizer with exit code 2', async () => {
    expect((await calibrate(['ages', FIX])).code).toBe(2);
    expect((await calibrate(['faces'])).code).toBe(2);
    const r = await calibrate(['faces', FIX, '--recognizers', 'a,b,c', '--dry-run']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/one recognizer or two/);
  });

  it('calibrates the face fixtures and writes exactly the reported fields into the manifest', { timeout: 600_000 }, async () => {
    const manifestCopy = join(dir, 'manifest.json');
    copyFileSync(join(ROOT, 'models/manifest.json'), manifestCopy);
    const before = JSON.parse(readFileSync(manifestCopy, 'utf8'));
    const jsonOut = join(dir, 'cal.json');
    const r = await calibrate(['faces', FIX, '--detector', 'yunet_2023mar', '--manifest', manifestCopy, '--json', jsonOut, '--quiet']);
    expect(r.code, r.err).toBe(0);
    const report = JSON.parse(readFileSync(jsonOut, 'utf8'));
    // faces/: 143 genuine and 572 impostor photo pairs, every photo has a face.
    expect(report.genuine).toBe(143);
    expect(report.impostor).toBe(572);
    const fusion = report.calibration.find((c: { name: string }) => c.name === 'mobilefacenet_128+faceapi_recognition');
    expect(fusion.cal.impostorDecisions.PASS).toBe(0);
    expect(fusion.cal.matchThreshold).toBeGreaterThan(fusion.cal.impostorMax);
    const after = JSON.parse(readFileSync(manifestCopy, 'utf8'));
    expect(after.models.mobilefacenet_128.fusion).toEqual(report.manifestFields.mobilefacenet_128.fusion);
    expect(after.models.faceapi_recognition.matchThreshold).toBe(report.manifestFields.faceapi_recognition.matchThreshold);
    expect(after.models.yunet_2023mar).toEqual(before.models.yunet_2023mar);
    expect(r.out).toMatch(/wrote .*manifest\.json/);
  });
});
