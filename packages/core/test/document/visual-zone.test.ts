/**
 * Documents without MRZ: synthetic card fronts (rendered with real fonts and a real face photo) are read
 * with the English OCR model and the per-country layouts; every field is asserted against what was printed.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fontProblem, requirement, SETUP_COMMAND } from '../../../../test/helpers/requirement.js';
import { disposeDocumentReader, readDocument, warmUpDocumentReader } from '../../src/document/index.js';
import { arDniFront, brCnhFront, ukLicenceFront, usLicenceFront } from './synthetic-cards.js';

const FACE = join(fileURLToPath(new URL('../../../../../shared/fixtures/', import.meta.url)), 'faces/images/face_recognition/knn_train_obama_obama.jpg');
const NOW = new Date('2025-06-01T00:00:00Z');

/** The synthetic cards are printed in DejaVu Sans (Debian: fonts-dejavu-core). */
const dejavu = requirement({ name: 'font DejaVu Sans', problem: await fontProblem('DejaVu Sans'), fix: SETUP_COMMAND });

dejavu.describe('documents without MRZ (visual zone)', () => {
  beforeAll(async () => {
    await warmUpDocumentReader({ visualZone: true });
  }, 120_000);
  afterAll(async () => {
    await disposeDocumentReader();
  });

  it('reads a US driver licence front (DOB / EXP / LN / FN / DL, month-first dates)', async () => {
    const r = await readDocument(await usLicenceFront(FACE), { now: NOW });
    expect(r.documentType).toBe('DRIVERS_LICENSE');
    expect(r.country).toBe('USA');
    expect(r.fields).toMatchObject({ lastName: 'SAMPLE', firstName: 'ALEXANDER JOSEPH', dateOfBirth: '1977-08-31', expiryDate: '2031-08-31', documentNumber: 'D1234562', sex: 'M' });
    expect(r.mrz).toBeNull();
    expect(r.result).toBe('PASS');
    expect(r.ocrConfidence).toBeGreaterThan(0.6);
    expect(r.portrait).not.toBeNull();
  });

  it('reads a Brazilian CNH (NOME / DATA NASCIMENTO / VALIDADE / Nº REGISTRO)', async () => {
    const r = await readDocument(await brCnhFront(FACE), { now: NOW });
    expect(r.documentType).toBe('DRIVERS_LICENSE');
    expect(r.country).toBe('BRA');
    expect(r.fields).toMatchObject({ firstName: 'JOSE', lastName: 'DA SILVA SANTOS', dateOfBirth: '1985-03-15', expiryDate: '2031-05-10', documentNumber: '01234567890', nationality: 'BRA' });
  });

  it('reads a UK licence by its numbered fields (1, 2, 3, 4b, 5)', async () => {
    const r = await readDocument(await ukLicenceFront(FACE), { now: NOW });
    expect(r.documentType).toBe('DRIVERS_LICENSE');
    expect(r.country).toBe('GBR');
    expect(r.fields).toMatchObject({ lastName: 'MORGAN', firstName: 'SARAH MEREDITH', dateOfBirth: '1976-03-11', expiryDate: '2033-01-18' });
    expect(r.fields.documentNumber).toMatch(/^MORGA753116SM9/);
  });

  it('reads an Argentine DNI turned upside down (bilingual labels, worded dates)', async () => {
    const card = await sharp(await arDniFront(FACE)).rotate(180).png().toBuffer();
    const r = await readDocument(card, { now: NOW });
    expect(r.documentType).toBe('ID_CARD');
    expect(r.country).toBe('ARG');
    expect(r.fields).toMatchObject({ lastName: 'GONZALEZ', firstName: 'MARIA LAURA', sex: 'F', dateOfBirth: '1990-06-22', expiryDate: '2031-01-10', documentNumber: '35123456', nationality: 'ARG' });
  });

  it('fails an expired licence read from its front', async () => {
    const r = await readDocument(await usLicenceFront(FACE, { exp: '08/31/2021' }), { now: NOW });
    expect(r.fields.expiryDate).toBe('2021-08-31');
    expect(r.result).toBe('FAIL');
    expect(r.reasons.map((x) => x.code)).toContain('DOCUMENT_EXPIRED');
  });
});
