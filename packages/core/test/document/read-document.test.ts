/**
 * readDocument on the labelled document images of ../shared/fixtures/documents: exact MRZ lines where the
 * label has them, MRZ found exactly where hasMrz says so, document types; orientation, several images,
 * expiry against an injected date, and bad inputs. The OCR workers are created once for the file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DocumentResult, disposeDocumentReader, readDocument, warmUpDocumentReader } from '../../src/document/index.js';
import { isProvefyError } from '../../src/errors/index.js';
import { fontProblem, requirement, SETUP_COMMAND } from '../../../../test/helpers/requirement.js';
import { renderCard } from './synthetic-cards.js';

const ROOT = fileURLToPath(new URL('../../../../../shared/fixtures/', import.meta.url));
const DOCS = join(ROOT, 'documents');

interface Item {
  file: string;
  documentType: string | null;
  hasMrz: boolean;
  mrz: string[] | null;
  country: string | null;
}
const items: Item[] = existsSync(join(DOCS, 'labels.json')) ? (JSON.parse(readFileSync(join(DOCS, 'labels.json'), 'utf8')) as { items: Item[] }).items : [];

/** After every specimen's expiry: they must FAIL as expired. */
const NOW = new Date('2025-06-01T00:00:00Z');

const FACE = join(ROOT, 'faces/images/face_recognition/knn_train_obama_obama.jpg');

/** The labelled document images (../shared/fixtures/documents). */
const docFixtures = requirement({ name: `document fixtures at ${DOCS}`, problem: items.length ? null : 'no labels.json', fix: 'lay the shared fixtures beside the repository (../shared/fixtures)' });
/** Synthetic MRZ pages are printed in Noto Sans Mono (Debian: fonts-noto-mono). */
const mono = requirement({ name: 'font Noto Sans Mono', problem: await fontProblem('Noto Sans Mono'), fix: SETUP_COMMAND });

const results = new Map<string, DocumentResult>();

docFixtures.describe('readDocument on labelled fixtures', () => {
  beforeAll(async () => {
    await warmUpDocumentReader();
    for (const it of items) results.set(it.file, await readDocument(join(DOCS, it.file), { now: NOW }));
  }, 300_000);
  afterAll(async () => {
    await disposeDocumentReader();
  });

  it('reads every labelled MRZ exactly', () => {
    const wrong = items.filter((i) => i.mrz).filter((i) => JSON.stringify(results.get(i.file)?.mrz?.lines) !== JSON.stringify(i.mrz));
    expect(wrong.map((i) => ({ file: i.file, got: results.get(i.file)?.mrz?.lines ?? null, want: i.mrz }))).toEqual([]);
    expect(items.filter((i) => i.mrz).length).toBeGreaterThanOrEqual(10);
  });

  it('reports an MRZ exactly on the pages that have one', () => {
    const wrong = items.filter((i) => (results.get(i.file)?.mrz !== null) !== i.hasMrz).map((i) => i.file);
    expect(wrong).toEqual([]);
  });

  it('gives the labelled document type', () => {
    const wrong = items
      .filter((i) => i.documentType !== null)
      .filter((i) => {
        const r = results.get(i.file)!;
        if (r.documentType === i.documentType) return false;
        // ICAO 9303 document code I is an identity card / official travel document. One label calls such a
        // page PASSPORT while the same specimen is labelled ID_CARD twice elsewhere: the code decides.
        return !(i.documentType === 'PASSPORT' && r.documentType === 'ID_CARD' && r.mrz?.documentCode.startsWith('I'));
      })
      .map((i) => ({ file: i.file, got: results.get(i.file)!.documentType, want: i.documentType }));
    expect(wrong).toEqual([]);
  });

  it('gives the labelled country and fields from the MRZ', () => {
    for (const i of items.filter((x) => x.mrz && x.country)) {
      const r = results.get(i.file)!;
      expect(r.country, i.file).toBe(i.country);
    }
    const uk = results.get('images/fastmrz/passport_uk.jpg');
    if (uk) {
      expect(uk.fields).toMatchObject({ lastName: 'PUDARSAN', firstName: 'HENERT', documentNumber: '707797979', dateOfBirth: '1995-05-20', expiryDate: '2017-04-22', sex: 'M', nationality: 'GBR' });
    }
  });

  it('fails expired specimens and reports each MRZ check', () => {
    for (const i of items.filter((x) => x.mrz)) {
      const r = results.get(i.file)!;
      expect(r.mrz!.checks.length, i.file).toBeGreaterThan(0);
      if (r.fields.expiryDate && r.fields.expiryDate < '2025-06-01') {
        expect(r.result, i.file).toBe('FAIL');
        expect(r.reasons.map((x) => x.code), i.file).toContain('DOCUMENT_EXPIRED');
      }
    }
  });

  it('fails a page without a document', () => {
    const r = results.get('images/fastmrz/nomrz.jpg');
    if (!r) return;
    expect(r.result).toBe('FAIL');
    expect(r.documentType).toBe('UNKNOWN');
    expect(r.reasons.map((x) => x.code)).toContain('NO_DOCUMENT');
  });

  it('finds the portrait on passports and cards', () => {
    const withPortrait = items.filter((i) => i.mrz).filter((i) => results.get(i.file)?.portrait);
    expect(withPortrait.length).toBeGreaterThanOrEqual(items.filter((i) => i.mrz).length - 2);
    const r = results.get('images/passporteye/passport-td3.png');
    if (r?.portrait) {
      // The UTO specimen's photo is on the left half, above the MRZ.
      expect(r.portrait.x + r.portrait.width / 2).toBeLessThan(1334 / 2);
      expect(r.portrait.y + r.portrait.height).toBeLessThan(880 * 0.75);
    }
  });
});

docFixtures.describe('readDocument: orientation, several images, expiry, bad input', () => {
  const td3 = join(DOCS, 'images/passporteye/passport-td3.jpg');
  const td3Lines = items.find((i) => i.file === 'images/passporteye/passport-td3.jpg')?.mrz;
  afterAll(async () => {
    await disposeDocumentReader();
  });

  it.each([90, 180, 270])('reads the MRZ of a page turned by %i degrees', async (deg) => {
    const turned = await sharp(td3).rotate(deg).jpeg({ quality: 90 }).toBuffer();
    const r = await readDocument(turned, { now: NOW, portrait: false });
    expect(r.mrz?.lines).toEqual(td3Lines);
    expect(r.documentType).toBe('PASSPORT');
  });

  it('reads a photographed page: small, tilted, blurred, JPEG', async () => {
    const meta = await sharp(td3).metadata();
    const photo = await sharp(td3)
      .resize(Math.round(meta.width! * 0.7))
      .rotate(4, { background: '#806850' })
      .blur(0.8)
      .jpeg({ quality: 70 })
      .toBuffer();
    const r = await readDocument(photo, { now: NOW, portrait: false });
    expect(r.mrz?.lines).toEqual(td3Lines);
  });

  it('takes the MRZ from whichever image has it', async () => {
    const r = await readDocument([join(DOCS, 'images/fastmrz/nomrz.jpg'), td3], { now: NOW });
    expect(r.sourceImage).toBe(1);
    expect(r.mrz?.lines).toEqual(td3Lines);
    expect(r.portraitImage).toBe(1);
  });

  it('fails an ICAO specimen (state UTO) unless specimens are accepted', async () => {
    const r = await readDocument(td3, { now: new Date('2011-01-01T00:00:00Z') });
    expect(r.mrz?.valid).toBe(true);
    expect(r.mrz?.stateCodes).toEqual({ issuingState: 'specimen', nationality: 'specimen' });
    expect(r.result).toBe('FAIL');
    expect(r.reasons.map((x) => x.code)).toContain('DOCUMENT_SPECIMEN');
  });

  it('passes a valid document before its expiry and fails it after', async () => {
    const before = await readDocument(td3, { now: new Date('2011-01-01T00:00:00Z'), acceptSpecimens: true });
    expect(before.mrz?.valid).toBe(true);
    expect(before.result).toBe('PASS');
    const after = await readDocument(td3, { now: new Date('2012-04-16T00:00:00Z'), acceptSpecimens: true });
    expect(after.result).toBe('FAIL');
    expect(after.reasons.map((x) => x.code)).toContain('DOCUMENT_EXPIRED');
  });

  mono.it('passes a printed MRZ and fails the same page with an altered birth date', async () => {
    const page = (line2: string) =>
      renderCard({
        width: 1250,
        height: 880,
        texts: [
          { x: 40, y: 70, text: 'PASSPORT', size: 40, bold: true },
          { x: 420, y: 160, text: 'ERIKSSON', size: 30 },
          { x: 420, y: 230, text: 'ANNA MARIA', size: 30 },
          { x: 40, y: 760, text: 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', size: 40, font: 'Noto Sans Mono' },
          { x: 40, y: 815, text: line2, size: 40, font: 'Noto Sans Mono' },
        ],
        photo: { file: FACE, x: 40, y: 120, width: 330, height: 420 },
      });
    const valid = await readDocument(await page('L898902C36UTO7408122F1204159ZE184226B<<<<<10'), { now: new Date('2011-01-01'), acceptSpecimens: true });
    expect(valid.mrz?.valid).toBe(true);
    expect(valid.result).toBe('PASS');
    expect(valid.portrait).not.toBeNull();
    // 7408122 -> 4408122: the birth-date check digit (2) no longer fits, and 4 has no OCR look-alike to repair.
    const altered = await readDocument(await page('L898902C36UTO4408122F1204159ZE184226B<<<<<10'), { now: new Date('2011-01-01') });
    // The birth date as printed (the rest of the line may differ by G/6, which no check digit can tell apart).
    expect(altered.mrz?.lines[1]?.slice(0, 28)).toBe('L898902C36UTO4408122F1204159');
    expect(altered.mrz?.valid).toBe(false);
    expect(altered.mrz?.checks.filter((c) => !c.valid).map((c) => c.name)).toEqual(['birthDate', 'composite']);
    expect(altered.result).toBe('FAIL');
    expect(altered.reasons.map((x) => x.code)).toContain('MRZ_CHECK_FAILED');
  });

  mono.it('cross-checks the printed zone against the MRZ when asked', async () => {
    const page = (printed: string[]) =>
      renderCard({
        width: 1250,
        height: 880,
        texts: [
          { x: 40, y: 70, text: 'PASSPORT  UTOPIA', size: 40, bold: true },
          ...printed.map((text, i) => ({ x: 420, y: 160 + i * 70, text, size: 32 })),
          { x: 40, y: 760, text: 'P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', size: 40, font: 'Noto Sans Mono' },
          { x: 40, y: 815, text: 'L898902C36UTO7408122F1204159ZE184226B<<<<<10', size: 40, font: 'Noto Sans Mono' },
        ],
        photo: { file: FACE, x: 40, y: 120, width: 330, height: 420 },
      });
    // A specimen (UTO) accepted as such: this is about the cross-check; specimen refusal is tested on its own.
    const opts = { now: new Date('2011-01-01'), crossCheck: true, acceptSpecimens: true };
    const same = await readDocument(await page(['ERIKSSON', 'ANNA MARIA', 'L898902C3', '12 AUG 1974', '15 APR 2012']), opts);
    expect(same.mrz?.valid).toBe(true);
    expect(same.reasons.filter((r) => r.code === 'FIELD_MISMATCH')).toEqual([]);
    expect(same.result).toBe('PASS');
    // The printed page of somebody else with this MRZ pasted under it.
    const other = await readDocument(await page(['JOHNSON', 'PETER', 'K123456789', '03 MAR 1980', '01 JAN 2020']), opts);
    expect(other.mrz?.valid).toBe(true);
    expect(other.result).toBe('REVIEW');
    expect(other.reasons.find((r) => r.code === 'FIELD_MISMATCH')?.details).toMatchObject({ source: 'mrz' });
  });

  it('returns a typed FAIL for a blank page, a selfie and a 1x1 image', async () => {
    const blank = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#fafafa' } }).png().toBuffer();
    const one = await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000000' } }).png().toBuffer();
    const selfie = join(ROOT, 'faces/images/face_recognition/obama-720p.jpg');
    for (const input of [blank, one, ...(existsSync(selfie) ? [selfie] : [])]) {
      const r = await readDocument(input, { now: NOW });
      expect(r.result).toBe('FAIL');
      expect(r.mrz).toBeNull();
      expect(r.documentType).toBe('UNKNOWN');
      expect(r.reasons.map((x) => x.code)).toContain('NO_DOCUMENT');
    }
  });

  it('raises a typed error for a 12000x9000 photo and for bytes that are no image', async () => {
    const huge = await sharp({ create: { width: 12000, height: 9000, channels: 3, background: '#808080' } })
      .png({ compressionLevel: 1 })
      .toBuffer();
    await expect(readDocument(huge)).rejects.toSatisfy((e: unknown) => isProvefyError(e, 'PROVEFY_ERR_IMAGE_TOO_LARGE'));
    await expect(readDocument(Buffer.from('not an image'))).rejects.toSatisfy((e: unknown) => isProvefyError(e, 'PROVEFY_ERR_INVALID_IMAGE'));
    await expect(readDocument([])).rejects.toSatisfy((e: unknown) => isProvefyError(e, 'PROVEFY_ERR_INVALID_INPUT'));
  });
});
