import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '@provefy/core/models';
import { describe, expect, it } from 'vitest';
import { applyManifestFields } from './manifest-calibration.js';

const text = readFileSync(join(findRepoRoot()!, 'models/manifest.json'), 'utf8');

describe('applyManifestFields', () => {
  it('changes only the calibrated numbers of the repository manifest', () => {
    const fields = {
      mobilefacenet_128: { matchThreshold: 0.61, reviewThreshold: 0.22, fusion: { with: 'faceapi_recognition', weights: [0.25, 0.5] as [number, number], offset: -0.2, matchThreshold: 0.37, reviewThreshold: 0.21 } },
      faceapi_recognition: { matchThreshold: 0.66, reviewThreshold: 0.5 },
    };
    const out = applyManifestFields(text, fields);
    const before = JSON.parse(text);
    const after = JSON.parse(out);
    expect(after.models.mobilefacenet_128.matchThreshold).toBe(0.61);
    expect(after.models.mobilefacenet_128.reviewThreshold).toBe(0.22);
    expect(after.models.mobilefacenet_128.fusion).toEqual(fields.mobilefacenet_128.fusion);
    expect(after.models.faceapi_recognition.matchThreshold).toBe(0.66);
    // Everything else is untouched, and the layout is kept: the diff is confined to the calibrated lines.
    for (const id of Object.keys(before.models)) if (!(id in fields)) expect(after.models[id]).toEqual(before.models[id]);
    expect(after.profiles).toEqual(before.profiles);
    const changed = out.split('\n').filter((line, i) => line !== text.split('\n')[i]);
    expect(out.split('\n').length).toBe(text.split('\n').length);
    expect(changed.length).toBeLessThanOrEqual(3);
    // Applying the manifest's own values is a no-op.
    const own = {
      mobilefacenet_128: { matchThreshold: before.models.mobilefacenet_128.matchThreshold, reviewThreshold: before.models.mobilefacenet_128.reviewThreshold, fusion: before.models.mobilefacenet_128.fusion },
    };
    expect(applyManifestFields(text, own)).toBe(text);
  });

  it('adds thresholds to an entry that has none, and refuses an unknown id', () => {
    const out = applyManifestFields(text, { arcface_mbf: { matchThreshold: 0.42, reviewThreshold: 0.3 } });
    expect(JSON.parse(out).models.arcface_mbf).toMatchObject({ matchThreshold: 0.42, reviewThreshold: 0.3 });
    expect(() => applyManifestFields(text, { no_such_model: { matchThreshold: 0.5 } })).toThrow(/no entry "no_such_model"/);
  });
});
