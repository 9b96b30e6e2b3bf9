import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadImage, faceMatcher, type PreparedFace } from '@provefy/core';
import { findRepoRoot } from '@provefy/core/models';
import { portraitPairs } from './portrait-pairs.js';

const FIX = resolve(findRepoRoot() ?? process.cwd(), '../shared/fixtures');

describe('selfie versus document portrait, genuine and impostor pairs', () => {
  it('scores every genuine pair above every impostor pair; genuine never FAIL, impostors never PASS', { timeout: 600_000 }, async () => {
    // The KYC selfie-vs-card pairs, plus every document of documents/ against every selfie of another person.
    const pairs = portraitPairs(FIX);
    const m = faceMatcher({ detector: 'yunet_2023mar' });
    const cache = new Map<string, Promise<PreparedFace>>();
    const prep = (path: string, role: 'selfie' | 'document') => {
      const key = `${role}:${path}`;
      if (!cache.has(key)) cache.set(key, loadImage(path).then((img) => m.prepare(img, role)));
      return cache.get(key)!;
    };
    const genuine: number[] = [];
    const impostor: number[] = [];
    const impostorPass: string[] = [];
    const genuineFail: string[] = [];
    for (const p of pairs) {
      const r = m.decide(await prep(p.selfie, 'selfie'), await prep(p.document, 'document'));
      (p.same ? genuine : impostor).push(r.similarityScore);
      if (!p.same && r.result === 'PASS') impostorPass.push(`${p.selfie} vs ${p.document}: ${r.similarityScore}`);
      if (p.same && r.result === 'FAIL') genuineFail.push(`${p.selfie} vs ${p.document}: ${r.similarityScore}`);
    }
    expect(genuine.length).toBe(2);
    expect(impostor.length).toBeGreaterThan(500);
    expect(impostorPass).toEqual([]);
    expect(genuineFail).toEqual([]);
    expect(Math.min(...genuine)).toBeGreaterThan(Math.max(...impostor));
  });
});
