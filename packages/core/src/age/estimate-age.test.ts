import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../../test/helpers/paths.js';
import { loadImage } from '../image/load-image.js';
import { estimateAge } from './estimate-age.js';

const fixtures = FIXTURES;
interface Item {
  file: string;
  age: number;
}
function labels(dir: string): Item[] {
  return (JSON.parse(readFileSync(join(dir, 'labels.json'), 'utf8')) as { items: Item[] }).items;
}

describe('estimateAge on real faces', () => {
  const utk = join(fixtures, 'ages');
  const items = labels(utk);

  it('fails a small child and passes a clear adult', async () => {
    const child = items.find((i) => i.age <= 4)!;
    const adult = items.find((i) => i.age >= 40 && i.age <= 50)!;
    const c = await estimateAge(join(utk, child.file));
    const a = await estimateAge(join(utk, adult.file));
    expect(c.result).toBe('FAIL');
    expect(c.meetsMinAge).toBe(false);
    expect(c.estimatedAge).toBeLessThan(12);
    expect(a.result).toBe('PASS');
    expect(a.meetsMinAge).toBe(true);
    expect(a.estimatedAge).toBeGreaterThan(28);
    expect(a.uncertainty).toBeGreaterThan(0);
  });

  it('fuses several frames of one person', async () => {
    const adult = items.find((i) => i.age >= 40 && i.age <= 50)!;
    const img = await loadImage(join(utk, adult.file));
    const flipped = await sharp(Buffer.from(img.data), { raw: { width: img.width, height: img.height, channels: 3 } }).flop().png().toBuffer();
    const r = await estimateAge([img, flipped]);
    expect(r.framesUsed).toBe(2);
    expect(r.result).toBe('PASS');
  });

  it('gives FAIL with NO_FACE for an image without a face, without throwing', async () => {
    const blank = await sharp({ create: { width: 320, height: 240, channels: 3, background: { r: 200, g: 180, b: 160 } } }).png().toBuffer();
    const r = await estimateAge(blank);
    expect(r.result).toBe('FAIL');
    expect(r.estimatedAge).toBeNull();
    expect(r.reasons.map((x) => x.code)).toContain('NO_FACE');
  });

  it('never lets a face too small to judge PASS', async () => {
    const adult = items.find((i) => i.age >= 40 && i.age <= 50)!;
    const tiny = await sharp(join(utk, adult.file)).resize(40, 40).extend({ top: 100, bottom: 100, left: 100, right: 100, background: '#808080' }).png().toBuffer();
    const r = await estimateAge(tiny);
    expect(r.result).not.toBe('PASS');
  });

  it('rejects an invalid minimum age with a typed error', async () => {
    await expect(estimateAge(join(utk, items[0]!.file), { minAge: -3 })).rejects.toMatchObject({ code: 'PROVEFY_ERR_INVALID_INPUT' });
  });

  it('a policy value left undefined keeps the calibrated gate; a negative z or margin, or NaN, is a typed error', async () => {
    const child = join(utk, items.find((i) => i.age <= 4)!.file);
    const adult = join(utk, items.find((i) => i.age >= 40 && i.age <= 50)!.file);
    // Before, { z: undefined } replaced the calibrated z: the conservative estimate became NaN and nothing could PASS.
    const a = await estimateAge(adult, { policy: { z: undefined, passMargin: undefined } });
    expect(a).toEqual(await estimateAge(adult));
    expect(a.result).toBe('PASS');
    // A gate that would pass a child is refused, not applied.
    for (const policy of [{ passMargin: -30 }, { z: -5 }, { z: Number.NaN }, { failMargin: Number.POSITIVE_INFINITY }]) {
      await expect(estimateAge(child, { policy }), JSON.stringify(policy)).rejects.toMatchObject({ code: 'PROVEFY_ERR_INVALID_INPUT' });
    }
  });

  // The safety property of the 18+ gate on both labelled sets: no minor passes. fgnet-full/ (332 scanned family
  // photos, 203 minors) was never used to train or calibrate the age head or its gate. The adults-held bounds are the
  // measured cost of that safety with provefy_age_head's calibrated gate (8 of 76 on UTKFace, 26 of 78 on FG-NET),
  // not issue #14's targets (10 % and 15 %), which it does not reach: see docs/age-estimation.md.
  for (const [name, dir, maxHeldShare] of [
    ['UTKFace', utk, 0.11],
    ['FG-NET (full)', join(fixtures, 'fgnet-full/ages'), 0.34],
  ] as const) {
    it(`lets no minor PASS and holds at most ${Math.round(maxHeldShare * 100)} % of adults 25+ on ${name}`, async () => {
      let minors = 0;
      let minorsPassed = 0;
      let adults = 0;
      let adultsHeld = 0;
      for (const it of labels(dir)) {
        const r = await estimateAge(join(dir, it.file), { minAge: 18 });
        if (it.age < 18) {
          minors++;
          if (r.result === 'PASS') minorsPassed++;
        }
        if (it.age >= 25) {
          adults++;
          if (r.result !== 'PASS') adultsHeld++;
        }
      }
      expect(minors).toBeGreaterThan(20);
      expect(minorsPassed).toBe(0);
      expect(adultsHeld).toBeLessThanOrEqual(Math.floor(adults * maxHeldShare));
    }, 900_000);
  }
});
