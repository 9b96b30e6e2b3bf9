import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect } from 'vitest';
import { FIXTURES } from '../../../../../test/helpers/paths.js';
import { requirement } from '../../../../../test/helpers/requirement.js';
import { ocrWorkerCount, recognize, setOcrPoolSize, terminateOcr, warmUpOcr } from './tesseract-pool.js';

const PASSPORT = join(FIXTURES, 'documents/images/fastmrz/td3.jpg');

/** The passport's MRZ: its bottom fifth, enlarged 2x, in grey. */
async function mrzBand(): Promise<Buffer> {
  const { width = 0, height = 0 } = await sharp(PASSPORT).metadata();
  const top = Math.round(height * 0.8);
  return sharp(PASSPORT).extract({ left: 0, top, width, height: height - top }).resize({ width: width * 2 }).greyscale().png().toBuffer();
}

const waitFor = async (ok: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
  return ok();
};

describe('the Tesseract worker pool', () => {
  afterAll(() => terminateOcr());
  const page = requirement({ name: `the passport fixture ${PASSPORT}`, problem: existsSync(PASSPORT) ? null : 'file missing', fix: 'lay the shared fixtures beside the repository (../shared/fixtures)' });

  page.it('serves a first call with one worker, and grows when calls wait for it later', async () => {
    await terminateOcr();
    setOcrPoolSize(2);
    const a = await mrzBand();
    const b = Buffer.from(a); // the same image, other bytes
    // A cold first call: two images at once, one worker reads them one after the other.
    const first = await Promise.all([recognize(a, { lang: 'mrz', psm: 'block' }), recognize(b, { lang: 'mrz', psm: 'block' })]);
    for (const r of first) expect(r.text.replace(/\s+/g, '')).toContain('L898902C3');
    expect(ocrWorkerCount('mrz')).toBe(1);
    // Later calls that have to wait for the busy worker start the rest of the pool.
    const again = await Promise.all([recognize(a, { lang: 'mrz', psm: 'block' }), recognize(b, { lang: 'mrz', psm: 'block' })]);
    expect(again.map((r) => r.text)).toEqual(first.map((r) => r.text));
    expect(await waitFor(() => ocrWorkerCount('mrz') === 2)).toBe(true);
  });

  page.it('starts the whole pool at warm-up', async () => {
    await terminateOcr();
    setOcrPoolSize(2);
    await warmUpOcr(['mrz']);
    expect(ocrWorkerCount('mrz')).toBe(2);
  });
});
