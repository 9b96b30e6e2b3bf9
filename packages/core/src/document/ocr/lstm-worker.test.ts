import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createWorker } from 'tesseract.js';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../../../test/helpers/paths.js';
import { requirement } from '../../../../../test/helpers/requirement.js';
import { resolveLanguageData } from './language-data.js';
import { lstmWorkerPath } from './lstm-worker.js';
import { startTesseractWorker } from './start-worker.js';

const PASSPORT = join(FIXTURES, 'documents/images/fastmrz/td3.jpg');
const threads = () => readdirSync('/proc/self/task').length;

describe('the LSTM-only Tesseract worker', () => {
  it('is available with the installed tesseract.js', () => {
    expect(lstmWorkerPath()?.protocol).toBe('data:');
  });

  const page = requirement({ name: `the passport fixture ${PASSPORT}`, problem: existsSync(PASSPORT) ? null : 'file missing', fix: 'lay the shared fixtures beside the repository (../shared/fixtures)' });
  page.it('loads the LSTM-only core and reads the MRZ of a real passport page', async () => {
    const data = await resolveLanguageData('mrz');
    const cores: string[] = [];
    const worker = await createWorker('mrz', 1, {
      workerPath: lstmWorkerPath() as unknown as string,
      langPath: data.langPath,
      gzip: data.gzip,
      cacheMethod: 'none',
      // Provefy's worker program adds the core it loaded to tesseract.js's progress message.
      logger: (m) => {
        const { core } = m as unknown as { core?: string };
        if (core) cores.push(core);
      },
    });
    try {
      await worker.setParameters({ tessedit_char_whitelist: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<' });
      // The MRZ: the bottom fifth of the page, enlarged so its characters are about 30 px high.
      const meta = await sharp(PASSPORT).metadata();
      const top = Math.round(meta.height! * 0.8);
      const band = await sharp(PASSPORT)
        .extract({ left: 0, top, width: meta.width!, height: meta.height! - top })
        .resize({ width: meta.width! * 2 })
        .greyscale()
        .png()
        .toBuffer();
      const { data: out } = await worker.recognize(band);
      const text = out.text.replace(/\s+/g, '');
      expect(cores).toHaveLength(1);
      expect(cores[0]).toMatch(/^tesseract-core-(relaxedsimd-|simd-)?lstm$/);
      // The document number and the birth date of line 2 (L898902C36UTO7408122F...).
      expect(text).toContain('L898902C3');
      expect(text).toContain('7408122');
    } finally {
      await worker.terminate();
    }
  });

  it('fails to start with a typed error and ends its thread on unreadable language data (no hang)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'provefy-lstm-worker-'));
    try {
      // Not Tesseract data: Tesseract's initialisation fails (tesseract.js's own createWorker never settles then).
      writeFileSync(join(dir, 'mrz.traineddata'), Buffer.from('not a traineddata file'));
      const before = threads();
      const started = startTesseractWorker({ lang: 'mrz', langPath: dir, gzip: false });
      await expect(started).rejects.toMatchObject({ code: 'PROVEFY_ERR_MODEL_LOAD', message: expect.stringContaining('initialization failed') });
      const deadline = Date.now() + 5000;
      while (threads() > before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(threads()).toBeLessThanOrEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
