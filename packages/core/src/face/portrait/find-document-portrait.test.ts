import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadImage } from '../../image/load-image.js';
import { findRepoRoot } from '../../models/index.js';
import { rotateQuarter, unrotatePoint } from './rotate.js';
import { findDocumentPortrait } from './find-document-portrait.js';

const DOCS = resolve(findRepoRoot() ?? process.cwd(), '../shared/fixtures/documents/images');
const detector = 'scrfd_500m';

describe('findDocumentPortrait', () => {
  it('picks the printed portrait, not the ghost image beside it', async () => {
    // French diplomatic passport specimen: portrait on the left, a large faint ghost in the middle.
    const page = await loadImage(join(DOCS, 'passporteye_eval/43_pass-fra.jpg'));
    const p = await findDocumentPortrait(page, { detector });
    expect(p).not.toBeNull();
    expect(p!.faceCount).toBeGreaterThanOrEqual(2);
    expect(p!.box.x + p!.box.width / 2).toBeLessThan(page.width * 0.3);
    const [le, re] = p!.cropFace.landmarks;
    expect(le.x).toBeLessThan(re.x);
  });

  it('finds the portrait of a page photographed sideways and maps it back to the page', async () => {
    const page = await loadImage(join(DOCS, 'fastmrz/td1.jpg'));
    const upright = await findDocumentPortrait(page, { detector });
    const sideways = rotateQuarter(page, 1);
    const p = await findDocumentPortrait(sideways, { detector });
    expect(upright).not.toBeNull();
    expect(p).not.toBeNull();
    expect(p!.rotation).toBe(3);
    // The box found on the sideways page is the upright portrait's box turned a quarter.
    const c = { x: p!.box.x + p!.box.width / 2, y: p!.box.y + p!.box.height / 2 };
    const back = unrotatePoint(c, 1, page.width, page.height);
    expect(Math.abs(back.x - (upright!.box.x + upright!.box.width / 2))).toBeLessThan(12);
    expect(Math.abs(back.y - (upright!.box.y + upright!.box.height / 2))).toBeLessThan(12);
  });

  it('resolves to null for a card without a face and uses a hint box when given', async () => {
    const back = await loadImage(join(DOCS, 'passporteye_eval/100_id-si.jpg'));
    expect(await findDocumentPortrait(back, { detector, rotations: false })).toBeNull();
    const page = await loadImage(join(DOCS, 'fastmrz/td2.jpg'));
    const free = await findDocumentPortrait(page, { detector });
    const hinted = await findDocumentPortrait(page, { detector, hint: free!.box });
    expect(hinted!.box.x).toBeCloseTo(free!.box.x, -1);
  });
});
