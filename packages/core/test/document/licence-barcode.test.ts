/**
 * US driver licences: a real PDF417 symbol (bwip-js) of a known AAMVA record is printed on a synthetic
 * licence back, photographed (turned, scaled, blurred, noisy, JPEG), then decoded from pixels and parsed;
 * readDocument prefers the barcode over the OCR'd front and reports disagreements.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp, { type Sharp } from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { decodePdf417, disposeDocumentReader, parseAamva, readDocument } from '../../src/document/index.js';
import { loadImage } from '../../src/image/index.js';
import { aamvaRecord, pdf417Png, renderCard, usLicenceFront } from './synthetic-cards.js';

const ROOT = fileURLToPath(new URL('../../../../../shared/fixtures/', import.meta.url));
const FACE = join(ROOT, 'faces/images/face_recognition/knn_train_obama_obama.jpg');

const ELEMENTS = {
  DAQ: 'D1234562',
  DCS: 'SAMPLE',
  DDE: 'N',
  DAC: 'ALEXANDER',
  DDF: 'N',
  DAD: 'JOSEPH',
  DDG: 'N',
  DCA: 'C',
  DCB: 'NONE',
  DCD: 'NONE',
  DBD: '08312019',
  DBB: '08311977',
  DBA: '08312031',
  DBC: '1',
  DAU: '069 IN',
  DAY: 'BRN',
  DAG: '2570 24TH STREET',
  DAI: 'ANYTOWN',
  DAJ: 'CA',
  DAK: '958180000',
  DCF: '83D9BN217QO983B1',
  DCG: 'USA',
};

async function licenceBack(): Promise<Buffer> {
  const code = await pdf417Png(aamvaRecord(ELEMENTS), 3);
  const meta = await sharp(code).metadata();
  return renderCard({
    width: Math.max(1000, meta.width! + 80),
    height: 630,
    background: '#f4f1ea',
    texts: [{ x: 40, y: 60, text: 'DONOR  VETERAN  CLASS C RESTRICTIONS NONE', size: 22 }],
    extra: [{ input: code, left: 40, top: 120 }],
  });
}

function licenceFront(overrides: { dob?: string; ln?: string } = {}): Promise<Buffer> {
  return usLicenceFront(FACE, overrides);
}

const EXPECTED = {
  documentNumber: 'D1234562',
  lastName: 'SAMPLE',
  firstName: 'ALEXANDER',
  middleName: 'JOSEPH',
  dateOfBirth: '1977-08-31',
  expiryDate: '2031-08-31',
  issueDate: '2019-08-31',
  sex: 'M',
  state: 'CA',
  country: 'USA',
  issuerId: '636014',
  subfile: 'DL',
};

describe('PDF417 / AAMVA', () => {
  afterAll(async () => {
    await disposeDocumentReader();
  });

  it('parses an AAMVA record', () => {
    expect(parseAamva(aamvaRecord(ELEMENTS))).toMatchObject(EXPECTED);
    expect(parseAamva('hello')).toBeNull();
  });

  it.each([
    ['as printed', (s: Sharp) => s],
    ['turned 90 degrees', (s: Sharp) => s.rotate(90)],
    ['upside down, scaled to 80%, blurred and noisy JPEG', (s: Sharp) => s.rotate(180).resize({ width: 880 }).blur(0.6).jpeg({ quality: 70 })],
    ['tilted 3 degrees', (s: Sharp) => s.rotate(3, { background: '#7a6a55' })],
  ])('decodes the barcode from pixels: %s', async (_name, transform) => {
    const back = await licenceBack();
    const bytes = await transform(sharp(back)).toBuffer();
    const noisy = await addNoise(bytes, 12);
    const r = decodePdf417(await loadImage(noisy));
    expect(r).not.toBeNull();
    expect(parseAamva(r!.text)).toMatchObject(EXPECTED);
  });

  it('reads a licence from front and back: barcode fields, front OCR agreeing, portrait from the front', async () => {
    const r = await readDocument([await licenceFront(), await licenceBack()], { now: new Date('2025-06-01') });
    expect(r.documentType).toBe('DRIVERS_LICENSE');
    expect(r.country).toBe('USA');
    expect(r.barcode?.aamva).toMatchObject(EXPECTED);
    expect(r.fields).toMatchObject({ lastName: 'SAMPLE', firstName: 'ALEXANDER JOSEPH', dateOfBirth: '1977-08-31', expiryDate: '2031-08-31', documentNumber: 'D1234562', sex: 'M' });
    expect(r.reasons.filter((x) => x.code === 'FIELD_MISMATCH')).toEqual([]);
    expect(r.result).toBe('PASS');
    expect(r.portraitImage).toBe(0);
    expect(r.portrait).not.toBeNull();
  });

  it('reports REVIEW when the printed front disagrees with the barcode', async () => {
    const r = await readDocument([await licenceFront({ dob: '08/31/1979' }), await licenceBack()], { now: new Date('2025-06-01') });
    expect(r.fields.dateOfBirth).toBe('1977-08-31');
    expect(r.result).toBe('REVIEW');
    const mismatch = r.reasons.find((x) => x.code === 'FIELD_MISMATCH');
    expect(mismatch?.details).toMatchObject({ fields: ['dateOfBirth'], source: 'barcode' });
  });

  it('fails an expired licence', async () => {
    const r = await readDocument(await licenceBack(), { now: new Date('2032-01-01') });
    expect(r.result).toBe('FAIL');
    expect(r.reasons.map((x) => x.code)).toContain('DOCUMENT_EXPIRED');
  });
});

/** Adds uniform grey noise of +-`amount` to every pixel. */
async function addNoise(bytes: Buffer, amount: number): Promise<Buffer> {
  const { data, info } = await sharp(bytes).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  let seed = 12345;
  for (let i = 0; i < data.length; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    const v = data[i]! + ((seed % (2 * amount + 1)) - amount);
    data[i] = v < 0 ? 0 : v > 255 ? 255 : v;
  }
  return sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } }).png().toBuffer();
}
