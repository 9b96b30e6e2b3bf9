import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadImage, faceMatcher, type PreparedFace } from '@provefy/core';
import { findRepoRoot } from '@provefy/core/models';
import { portraitPairs } from './portrait-pairs.js';
import { printedCard, printedPortraitPairs } from './printed-portraits.js';

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

  it('photos printed on a card: genuine pairs above every impostor, none FAIL; no impostor PASSes', { timeout: 600_000 }, async () => {
    // Each person of faces/ with two photos: the second printed on a plain card (washed out, colour-cast,
    // photographed tilted, JPEG 60) against the first; impostors: every selfie against everyone else's card.
    const pairs = printedPortraitPairs(FIX);
    const m = faceMatcher({ detector: 'yunet_2023mar' });
    const selfies = new Map<string, Promise<PreparedFace>>();
    const cards = new Map<string, Promise<PreparedFace>>();
    const once = (map: Map<string, Promise<PreparedFace>>, key: string, make: () => Promise<PreparedFace>) => {
      if (!map.has(key)) map.set(key, make());
      return map.get(key)!;
    };
    const genuine: number[] = [];
    const impostor: number[] = [];
    const wrong: string[] = [];
    for (const p of pairs) {
      const a = await once(selfies, p.selfie, () => loadImage(p.selfie).then((img) => m.prepare(img, 'selfie')));
      const b = await once(cards, p.cardPhoto, () => printedCard(p.cardPhoto).then((img) => m.prepare(img, 'document')));
      const r = m.decide(a, b);
      (p.same ? genuine : impostor).push(r.similarityScore);
      if (p.same ? r.result === 'FAIL' : r.result === 'PASS') wrong.push(`${p.same ? 'genuine' : 'impostor'} ${r.result}: ${p.selfie} vs card of ${p.cardPhoto} (${r.similarityScore})`);
    }
    expect(genuine.length).toBeGreaterThanOrEqual(15);
    expect(impostor.length).toBeGreaterThan(200);
    expect(wrong).toEqual([]);
    expect(Math.min(...genuine)).toBeGreaterThan(Math.max(...impostor));
  });
});
