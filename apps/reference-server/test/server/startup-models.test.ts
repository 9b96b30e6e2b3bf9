/**
 * No quiet half-start: the reference server started as `npm start` starts it (real process) refuses to start, with a
 * plain-text message, when its models cannot serve the checks its API keys enable; when they can, it says which
 * profile serves them, and with LOG_FORMAT=text every line a person reads is text.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manifest } from '@provefy/core/models';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_DIR, REPO_ROOT } from '../support/server-process.js';
import { ensureWebBuilt } from '../support/web-build.js';

const temps: string[] = [];
const temp = (prefix: string) => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
};

interface Run {
  child: ChildProcess;
  out: () => string;
  err: () => string;
  exited: Promise<number | null>;
}

function startScript(env: Record<string, string>): Run {
  const full: NodeJS.ProcessEnv = { ...process.env, PORT: '0', HOST: '127.0.0.1', PROVEFY_DATA_DIR: temp('provefy-startup-data-'), ...env };
  delete full.NODE_ENV;
  delete full.VITEST;
  delete full.PROVEFY_REFERENCE_SERVER_MAIN;
  const child = spawn(process.execPath, [join(APP_DIR, 'scripts/start.mjs')], { cwd: REPO_ROOT, env: full, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return { child, out: () => out, err: () => err, exited };
}

async function waitFor(run: Run, pattern: RegExp, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(run.out())) {
    if (run.child.exitCode !== null) throw new Error(`server exited with ${run.child.exitCode}\nstdout:\n${run.out()}\nstderr:\n${run.err()}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} in time\nstdout:\n${run.out()}\nstderr:\n${run.err()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(() => {
  ensureWebBuilt();
});

afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true });
});

describe('start-up with missing models', () => {
  it('exits 1 before listening, with a plain-text message naming the missing files, where it looked and how to get them', async () => {
    // The InsightFace profile: never shipped with Provefy (non-commercial weights), so an empty model folder,
    // mirror and cache leave it incomplete wherever this runs.
    const [profile, entry] = Object.entries(manifest.profiles).find(([, p]) => p.detector.includes('scrfd_10g'))!;
    const empty = temp('provefy-no-models-');
    const run = startScript({ PROVEFY_PROFILE: profile, PROVEFY_MODELS_DIR: empty, PROVEFY_MODEL_MIRROR: empty, XDG_CACHE_HOME: temp('provefy-empty-cache-') });
    const code = await Promise.race([run.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 90_000))]);
    if (code === 'timeout') run.child.kill('SIGKILL');
    expect(code, run.err()).toBe(1);
    expect(run.out()).not.toContain('listening');
    const err = run.err();
    expect(err).toContain('Provefy cannot start: the models that liveness, age_estimation, doc_verify and face_match need are not usable on this machine.');
    expect(err).toContain(`PROVEFY_PROFILE=${profile}`);
    expect(err).toContain(manifest.models[entry.detector[0]!]!.file);
    expect(err).toContain(`${empty}  (env)`);
    expect(err).toMatch(/npx provefy models fetch --profile \w+/);
    expect(err).toContain('PROVEFY_MODELS_DIR');
    // Text for a person: real line breaks, no JSON, no escaped newlines.
    expect(err.split('\n').length).toBeGreaterThan(8);
    expect(err).not.toContain('\\n');
    expect(err).not.toMatch(/\{"time"/);
  });
});

describe('start-up with the models present', () => {
  it('logs readable text with LOG_FORMAT=text: which profile serves the checks, then listening', async () => {
    const run = startScript({ LOG_FORMAT: 'text' });
    try {
      await waitFor(run, /INFO {2}listening /);
      const lines = run.out().trim().split('\n');
      const entries = lines.filter((l) => /^\d\d:\d\d:\d\d (DEBUG|INFO |WARN |ERROR) /.test(l));
      expect(entries.length).toBeGreaterThanOrEqual(3);
      expect(run.out()).not.toMatch(/\{"time"/);
      expect(run.out()).not.toContain('\\n');
      const ready = entries.findIndex((l) => / INFO {2}models ready profile=\w+ detector=\S+ recognizer=\S+ checks=liveness,age_estimation,doc_verify,face_match$/.test(l));
      const listening = entries.findIndex((l) => / INFO {2}listening url=http:\/\/127\.0\.0\.1:\d+ /.test(l));
      expect(ready).toBeGreaterThanOrEqual(0);
      expect(listening).toBeGreaterThan(ready);
      // A multi-line warning (the development encryption key) keeps its line breaks.
      expect(run.out()).toMatch(/\n\* PROVEFY WARNING: no encryption key configured/);
    } finally {
      run.child.kill('SIGTERM');
      await run.exited;
    }
  });
});
