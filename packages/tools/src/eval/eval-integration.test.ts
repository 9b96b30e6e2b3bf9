/**
 * End-to-end: `provefy eval` on a small real subset of the shared fixtures. The temp dataset's labels files
 * point at fixture images by paths relative to each labels file (and one absolute path), so this also checks
 * how paths are resolved. Sections whose check this build lacks must say "not supported", not fail.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run as evalCommand } from '../cli/commands/eval.js';
import { loadMrzCases } from './datasets/mrz-cases.js';
import { silentProgress } from './report/progress.js';
import { writeEvalOutputs } from './report/write-report.js';
import { runEval } from './run-eval.js';
import { findCheck } from './sections/check-loader.js';
import type { EvalReport } from './types.js';

const FIX = join(process.cwd(), '../shared/fixtures');
let dir: string;
let report: EvalReport;

function writeLabels(rel: string, json: unknown): void {
  const p = join(dir, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, JSON.stringify(json));
}

/** A fixture file as a path relative to the folder of a labels file in the temp dataset. */
function rel(section: string, fixture: string): string {
  return relative(join(dir, section), join(FIX, fixture));
}

async function has(feature: string, name: string): Promise<boolean> {
  return (await findCheck(feature, [name])).fn !== null;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'provefy-eval-it-'));
  const fr = 'faces/images/face_recognition';
  writeLabels('faces/pairs.json', {
    pairs: [
      { a: rel('faces', `${fr}/knn_train_obama_obama.jpg`), b: rel('faces', `${fr}/knn_train_obama_obama2.jpg`), same: true },
      { a: rel('faces', `${fr}/knn_train_biden_biden.jpg`), b: rel('faces', `${fr}/knn_train_biden_biden2.jpg`), same: true },
      { a: rel('faces', `${fr}/knn_train_obama_obama.jpg`), b: join(FIX, `${fr}/knn_train_biden_biden.jpg`), same: false },
      { a: rel('faces', `${fr}/knn_train_obama_obama2.jpg`), b: rel('faces', `${fr}/knn_train_biden_biden2.jpg`), same: false },
    ],
  });
  const ages = JSON.parse(readFileSync(join(FIX, 'ages/labels.json'), 'utf8')).items as { file: string; age: number }[];
  const pick = [ages[0]!, ages.find((a) => a.age >= 30 && a.age < 40)!, ages.find((a) => a.age >= 60)!];
  writeLabels('ages/labels.json', { items: pick.map((a) => ({ file: rel('ages', join('ages', a.file)), age: a.age })) });
  const live = JSON.parse(readFileSync(join(FIX, 'liveness/labels.json'), 'utf8')).items as { file: string; label: string; attack: string | null }[];
  writeLabels('liveness/labels.json', { items: live.slice(0, 4).map((i) => ({ ...i, file: rel('liveness', join('liveness', i.file)) })) });
  const docs = JSON.parse(readFileSync(join(FIX, 'documents/labels.json'), 'utf8')).items as { file: string }[];
  writeLabels('documents/labels.json', { items: docs.filter((d) => /td3\.jpg$|nomrz/.test(d.file)).slice(0, 2).map((d) => ({ ...d, file: rel('documents', join('documents', d.file)) })) });
  const cases = JSON.parse(readFileSync(join(FIX, 'mrz/cases.json'), 'utf8')).cases as unknown[];
  writeLabels('mrz/cases.json', { cases: cases.slice(0, 6) });
  const clips = JSON.parse(readFileSync(join(FIX, 'videos/labels.json'), 'utf8')).items as { file: string; duration_s: number }[];
  const shortClip = [...clips].sort((a, b) => a.duration_s - b.duration_s)[0]!;
  writeLabels('videos/labels.json', { items: [{ ...shortClip, file: rel('videos', join('videos', shortClip.file)) }] });
  report = await runEval(dir, { progress: silentProgress, videoFps: 12 });
}, 900_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('provefy eval on a small real subset', () => {
  it('runs every section present, each either measured or "not supported by this build"', async () => {
    expect(Object.keys(report.sections)).toEqual(['faces', 'ages', 'liveness', 'videos', 'documents', 'mrz']);
    const expected: Record<string, [string, string]> = {
      faces: ['face', 'matchFaces'],
      ages: ['age', 'estimateAge'],
      liveness: ['liveness', 'verifyLiveness'],
      documents: ['document', 'readDocument'],
      mrz: ['mrz', 'parseMrz'],
    };
    for (const [section, [feature, name]] of Object.entries(expected)) {
      const s = report.sections[section as keyof EvalReport['sections']]!;
      if (await has(feature, name)) expect(s.status, `${section}: ${s.reason ?? ''}`).toBe('ok');
      else expect(s.reason).toMatch(/^not supported by this build/);
    }
    expect(report.machine.cores).toBeGreaterThan(0);
    expect(report.profile?.name).toMatch(/compact|default/);
  });

  it('measures ages on the real images', () => {
    const s = report.sections.ages!;
    if (s.status !== 'ok') return;
    const m = s.metrics as { images: number; mae: number | null; bands: Record<string, { n: number }> };
    expect(m.images).toBe(3);
    expect(Object.values(m.bands).reduce((a, b) => a + b.n, 0)).toBe(3);
    expect(m.mae).not.toBeNull();
    expect(m.mae!).toBeGreaterThanOrEqual(0);
    expect(s.latencyMs?.n).toBeGreaterThan(0);
  });

  it('measures face pairs, resolving relative and absolute label paths', () => {
    const s = report.sections.faces!;
    if (s.status !== 'ok') return;
    const m = s.metrics as { genuinePairs: number; impostorPairs: number; auc: number; images: number; tarAtFar1e3: { belowResolution: boolean; impostorPairs: number } };
    expect(m.genuinePairs).toBe(2);
    expect(m.impostorPairs).toBe(2);
    expect(m.images).toBe(4);
    // Frontal press photos of two different people: a working matcher separates them.
    expect(m.auc).toBe(1);
    expect(m.tarAtFar1e3).toMatchObject({ belowResolution: true, impostorPairs: 2 });
    expect(s.curves?.roc.length).toBeGreaterThan(2);
  });

  it('measures liveness stills and video challenges when the checks exist', () => {
    const l = report.sections.liveness!;
    if (l.status === 'ok') {
      const m = l.metrics as { live: number; spoof: number; apcer: number | null; threshold: number | null };
      expect(m.live + m.spoof).toBe(4);
      expect(m.threshold).not.toBeNull();
      expect(m.apcer).not.toBeNull();
    }
    const v = report.sections.videos!;
    if (v.status === 'ok') {
      const m = v.metrics as { clips: number; turnEventsDetected: { of: number }; clipResults: { frames?: number }[] };
      expect(m.clips).toBe(1);
      expect(m.clipResults[0]!.frames).toBeGreaterThan(10);
      expect(m.turnEventsDetected.of).toBeGreaterThan(0);
    }
  });

  it('measures documents and MRZ parsing when the checks exist', () => {
    const d = report.sections.documents!;
    if (d.status === 'ok') {
      const m = d.metrics as { hasMrzAccuracy: { of: number }; mrzAllLinesExact: { of: number } };
      expect(m.hasMrzAccuracy.of).toBe(2);
      expect(m.mrzAllLinesExact.of).toBe(1);
    }
    const z = report.sections.mrz!;
    if (z.status === 'ok') {
      const m = z.metrics as { cases: number; expectations: number; fieldAgreement: { compared: number } };
      expect(m.cases).toBe(6);
      expect(m.expectations).toBe(loadMrzCases(join(dir, 'mrz/cases.json')).flatMap((c) => c.expectations).length);
      expect(m.fieldAgreement.compared).toBeGreaterThan(0);
    }
  });

  it('writes the JSON, the markdown report and the SVG curves', () => {
    const out = join(dir, 'out');
    const written = writeEvalOutputs(report, { json: join(out, 'r.json'), markdown: join(out, 'r.md') });
    const md = readFileSync(join(out, 'r.md'), 'utf8');
    expect(md).toContain('# Provefy evaluation');
    expect(md).toContain(report.machine.cpu);
    expect(JSON.parse(readFileSync(join(out, 'r.json'), 'utf8')).tool).toBe('provefy eval');
    if (report.sections.faces?.status === 'ok') {
      expect(written).toContain(join(out, 'r-faces-roc.svg'));
      expect(readFileSync(join(out, 'r-faces-det.svg'), 'utf8')).toMatch(/^<svg[^>]*xmlns/);
      expect(md).toContain('![ROC](r-faces-roc.svg)');
    }
  });
});

describe('provefy eval command', () => {
  it('runs only the sections present (ages only) and exits 0', async () => {
    const only = mkdtempSync(join(tmpdir(), 'provefy-eval-ages-'));
    try {
      const ages = JSON.parse(readFileSync(join(dir, 'ages/labels.json'), 'utf8')).items as { file: string; age: number }[];
      mkdirSync(join(only, 'ages'));
      writeFileSync(join(only, 'ages/labels.json'), JSON.stringify({ items: [{ file: join(dir, 'ages', ages[0]!.file), age: ages[0]!.age }] }));
      const json = join(only, 'r.json');
      expect(await evalCommand([only, '--json', json, '--quiet'])).toBe(0);
      const r = JSON.parse(readFileSync(json, 'utf8')) as EvalReport;
      expect(Object.keys(r.sections)).toEqual(['ages']);
      expect(r.sections.ages!.status).toMatch(/ok|unsupported/);
      if (r.sections.ages!.status === 'ok') expect(r.sections.ages!.metrics).toHaveProperty('mae');
    } finally {
      rmSync(only, { recursive: true, force: true });
    }
  });

  it('exits 2 on usage errors and 1 on dataset errors', async () => {
    expect(await evalCommand([])).toBe(2);
    expect(await evalCommand([dir, '--profile', 'huge'])).toBe(2);
    expect(await evalCommand([dir, '--sections', 'ears'])).toBe(2);
    expect(await evalCommand([join(dir, 'missing-folder'), '--quiet'])).toBe(1);
    const broken = mkdtempSync(join(tmpdir(), 'provefy-eval-broken-'));
    mkdirSync(join(broken, 'ages'));
    writeFileSync(join(broken, 'ages/labels.json'), JSON.stringify({ items: [{ file: 'nope.jpg', age: 3 }] }));
    expect(await evalCommand([broken, '--quiet'])).toBe(1);
    expect(existsSync(join(broken, 'r.json'))).toBe(false);
    rmSync(broken, { recursive: true, force: true });
  });
});
