import { afterAll, describe, expect, it } from 'vitest';
import { estimateAge } from '../age/estimate-age.js';
import { encodePgm, workingGray } from '../document/locate/gray-image.js';
import { findMrzBands } from '../document/locate/find-mrz-band.js';
import { recognize, terminateOcr } from '../document/ocr/tesseract-pool.js';
import { readMrzFromImage } from '../document/read-mrz.js';
import { faceQuality } from '../face/quality.js';
import { selectProfile } from '../models/profiles.js';
import { SYNTHETIC_MRZ_LINES, syntheticFace, syntheticMrzLine, syntheticMrzPage } from './synthetic-inputs.js';
import { warmUpChecks } from './warm-up-checks.js';

describe('warmUpChecks', () => {
  afterAll(() => terminateOcr());

  it('draws an MRZ-like line that the mrz OCR model reads exactly, and a page whose MRZ search finds both lines', async () => {
    const line = await recognize(encodePgm(workingGray(syntheticMrzLine(), 2000).image), { lang: 'mrz', psm: 'line' });
    expect(line.text.replace(/\s+/g, '')).toBe(SYNTHETIC_MRZ_LINES[0]);
    const bands = findMrzBands(workingGray(syntheticMrzPage(), 1000).image, { turns: [0] });
    expect(bands[0]?.lines.length).toBe(2);
    // No real MRZ: nothing is read, and nothing throws.
    expect(await readMrzFromImage(syntheticMrzPage())).toBeNull();
  });

  it('hands the face checks a drawn face they run their models on', async () => {
    const { image, face } = syntheticFace();
    const analysis = { kind: 'face-analysis', image, faces: [face], face, faceCount: 1, quality: faceQuality(image, face), detector: selectProfile().detector } as const;
    const age = await estimateAge(analysis);
    expect(age.framesUsed).toBe(1);
    expect(age.rawEstimate).toBeGreaterThan(0);
  });

  it('runs every part without an error and reports what it ran', async () => {
    const r = await warmUpChecks();
    expect(r.faces).toEqual({ ran: true });
    expect(r.document.error).toBeUndefined();
    expect(r.document.ocrWorkers).toBeGreaterThanOrEqual(1);
    expect(await warmUpChecks({ faces: false, document: false })).toMatchObject({ faces: { ran: false }, document: { ran: false } });
    // Once per process: a second call answers the first run's result without running again.
    const again = await warmUpChecks();
    expect(again.faces).toBe(r.faces);
    expect(again.document).toBe(r.document);
  });
});
