/**
 * The check modules' results feed straight into recordCheckResult by spreading (`{ check, ...result }`).
 * The fields a session reads are typed with the modules' own result types (`Pick`), so `tsc` fails here if those
 * shapes drift apart; the other fields of the results are free to change.
 */
import { describe, expect, it } from 'vitest';
import type { AgeEstimationResult } from '../age/estimate-age.js';
import type { DocumentResult } from '../document/types.js';
import { createSession, recordCheckResult, toWebhookPayload } from './index.js';

type DocumentFieldsUsed = Pick<DocumentResult, 'documentType' | 'country' | 'fields' | 'ocrConfidence' | 'portrait' | 'result' | 'reasons'>;
type AgeFieldsUsed = Pick<AgeEstimationResult, 'estimatedAge' | 'meetsMinAge' | 'result' | 'reasons'>;

describe('check module results', () => {
  it('are accepted as outcomes and only the contract fields are kept', () => {
    const doc: DocumentFieldsUsed & Record<string, unknown> = {
      documentType: 'PASSPORT',
      country: 'GBR',
      fields: { firstName: 'ANNA', lastName: 'SMITH', dateOfBirth: '1990-01-15', documentNumber: '123456789', expiryDate: '2031-01-01', sex: 'F', nationality: 'GBR' },
      mrz: null,
      barcode: null,
      ocrConfidence: 0.91,
      portrait: { x: 20, y: 80, width: 160, height: 200 },
      sourceImage: 0,
      result: 'PASS',
      reasons: [],
      timingMs: 812,
    };
    const age: AgeFieldsUsed & Record<string, unknown> = {
      estimatedAge: 34,
      meetsMinAge: true,
      result: 'PASS',
      minAge: 18,
      rawEstimate: 34.4,
      uncertainty: 3.1,
      confidence: 0.56,
      model: 'genderage',
      framesUsed: 3,
      reasons: [],
    };
    const now = new Date('2025-03-07T12:00:00.000Z');
    let s = createSession({ checks: ['doc_verify', 'age_estimation'] }, { now, id: 'm1' });
    s = recordCheckResult(s, { check: 'doc_verify', ...doc }, { now });
    s = recordCheckResult(s, { check: 'age_estimation', ...age }, { now });
    expect(s.checks.doc_verify?.reported).toMatchObject({ portraitFound: true, country: 'GBR', fields: doc.fields });
    expect(s.checks.doc_verify?.reported).not.toHaveProperty('timingMs');
    expect(s.checks.age_estimation?.reported).not.toHaveProperty('rawEstimate');
    expect(toWebhookPayload(s).checks).toStrictEqual({
      ageEstimation: { result: 'PASS', estimatedAge: 34, meetsMinAge: true },
      documentVerification: { result: 'PASS', documentType: 'PASSPORT', ocrConfidence: 0.91 },
    });
  });
});
