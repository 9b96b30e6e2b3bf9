/**
 * The document settles age (#14 item 5), end to end through core's capture plan with real images and the real
 * models: the selfie goes through `estimateAge`, the passport page through `readDocument`, and the session's rules
 * compare the two on a fixed clock (no mocked estimate, no hand-written check outcome).
 *
 * The documents are two passports of the fixtures, read from their photos: a UK passport (MRZ date of birth
 * 1995-05-20, expiry 2017-04-22), whose holder is 16 on the clock 2011-09-20, and the Polish specimen (born
 * 1960-02-08, expiry 2014-12-31), whose holder the clock makes any adult age from 25 to 54.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from '../../../../test/helpers/paths.js';
import { estimateAge } from '../../src/age/estimate-age.js';
import { readDocument } from '../../src/document/read-document.js';
import { matchFaces } from '../../src/face/match/match-faces.js';
import { verifyLiveness } from '../../src/liveness/verify-liveness.js';
import {
  type CaptureChecks,
  type CaptureContext,
  type CaptureImageKind,
  type CheckName,
  type Session,
  captureDocument,
  captureSelfie,
  createSession,
  recordInMemory,
  startCapture,
} from '../../src/session/index.js';

const read = (p: string) => new Uint8Array(readFileSync(p));
const AGES = join(FIXTURES, 'ages/images');
const DOCUMENTS = {
  /** Born 1995-05-20: 16 on SIXTEEN_CLOCK, valid until 2017-04-22. */
  uk: read(join(FIXTURES, 'documents/images/fastmrz/passport_uk.jpg')),
  /** Born 1960-02-08, valid until 2014-12-31. */
  pol: read(join(FIXTURES, 'documents/images/passporteye_eval/100_pass-polx.jpg')),
};
const SIXTEEN_CLOCK = new Date('2011-09-20T12:00:00Z');
/** Real selfies (UTKFace crops, ages/): true ages 45, 49 and 14, and a 10-year-old. */
const SELFIES = {
  adult45: read(join(AGES, '45_0_1_20170111170148435.jpg.chip.jpg')),
  adult49: read(join(AGES, '49_0_4_20170104000903445.jpg.chip.jpg')),
  teen14: read(join(AGES, '14_0_0_20170102234323550.jpg.chip.jpg')),
  child10: read(join(AGES, '10_0_3_20161220215952636.jpg.chip.jpg')),
};

/** Core's real checks, each run once per input (the same selfie is estimated once for every clock). */
function realChecksOnce(): CaptureChecks {
  const memo = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, run: () => Promise<T>): Promise<T> => {
    if (!memo.has(key)) memo.set(key, run());
    return memo.get(key) as Promise<T>;
  };
  const id = (b: Uint8Array) => `${b.length}:${b[b.length >> 1]}:${b[b.length >> 2]}:${b[(3 * b.length) >> 2]}`;
  return {
    verifyLiveness,
    matchFaces,
    estimateAge: (image, o) => once(`age ${id(image)} ${JSON.stringify(o)}`, () => estimateAge(image, o)),
    readDocument: (images, o) => once(`doc ${images.map(id).join()} ${o?.now?.toISOString()}`, () => readDocument(images, o)),
  };
}
const checks = realChecksOnce();

/** The date on which the Polish passport's holder (born 1960-02-08) is `age` whole years old (and 3 months). */
function clockForDocumentAge(age: number): Date {
  return new Date(Date.UTC(1960 + age, 4, 8, 12));
}
type Upload = keyof typeof DOCUMENTS | keyof typeof SELFIES;

/** Runs the uploads through core's capture plan on an in-memory session, every step on `clock`. */
async function capture(checksRequested: CheckName[], clock: Date, uploads: readonly Upload[]): Promise<Session> {
  const images = new Map<CaptureImageKind, Uint8Array>();
  const now = () => clock;
  let session = startCapture(createSession({ checks: checksRequested, config: { maxAttempts: 3 } }, { now: clock, id: 'doc-age' }), { now: clock });
  const ctx = (): CaptureContext => ({
    session,
    checks,
    images: {
      get: async (k) => images.get(k) ?? null,
      put: async (k, b) => void images.set(k, b),
      drop: async (k) => void images.delete(k),
      held: async () => ({ selfie: images.has('selfie'), documentFront: images.has('document_front'), awaitingBack: false }),
    },
    record: recordInMemory('user', now),
    now,
    challenges: [],
    askForBack: false,
  });
  for (const u of uploads) {
    const out = u === 'uk' || u === 'pol' ? await captureDocument(ctx(), 'front', DOCUMENTS[u], 'image/jpeg') : await captureSelfie(ctx(), SELFIES[u], 'image/jpeg');
    session = out.session;
  }
  return session;
}

const codes = (s: Session): string[] => s.checks.age_estimation?.reasons.map((r) => r.code) ?? [];

describe('the document settles age (real selfies, real passport read, fixed clock)', () => {
  it('reads both passports: a trusted date of birth while they are valid, and none once expired', async () => {
    for (const [doc, clock, dateOfBirth] of [['uk', SIXTEEN_CLOCK, '1995-05-20'], ['pol', clockForDocumentAge(30), '1960-02-08']] as const) {
      const s = await capture(['doc_verify'], clock, [doc]);
      expect(s.checks.doc_verify, doc).toMatchObject({ result: 'PASS' });
      expect(s.checks.doc_verify?.reported?.fields?.dateOfBirth).toBe(dateOfBirth);
    }
    // The clock reaches the reader: the same passport read after its expiry date is not trusted.
    const late = await capture(['age_estimation', 'doc_verify'], clockForDocumentAge(56), ['pol', 'adult45']);
    expect(late.checks.doc_verify?.reasons.map((r) => r.code)).toContain('DOCUMENT_EXPIRED');
    expect(codes(late)).not.toContain('DOCUMENT_AGE_MISMATCH');
  });

  it('a document whose birth date makes the person 16 FAILs the 18+ gate whatever the face estimate, in either order', async () => {
    const clock = SIXTEEN_CLOCK;
    const seen = new Set<string>();
    for (const selfie of ['adult45', 'adult49', 'teen14', 'child10'] as const) {
      for (const order of [[selfie, 'uk'], ['uk', selfie]] as const) {
        const s = await capture(['age_estimation', 'doc_verify'], clock, order);
        const age = s.checks.age_estimation!;
        seen.add(age.reported!.result);
        expect(age, `${order.join(' then ')}`).toMatchObject({ status: 'COMPLETED', result: 'FAIL', final: true, values: { meetsMinAge: false } });
        expect(codes(s)).toContain('DOCUMENT_UNDERAGE');
        expect(age.reasons.find((r) => r.code === 'DOCUMENT_UNDERAGE')?.details).toStrictEqual({ documentAge: 16, minAge: 18 });
        expect(s).toMatchObject({ status: 'COMPLETED', overallResult: 'REJECTED' });
      }
    }
    // The face estimates alone covered PASS (the adults), so the FAIL is the document's doing.
    expect(seen.has('PASS')).toBe(true);
  });

  it('an estimate 20 years off the document gives REVIEW with DOCUMENT_AGE_MISMATCH (a borrowed or altered document)', async () => {
    for (const selfie of ['adult45', 'adult49'] as const) {
      // The real estimate of this selfie, then a document 20 years younger than it.
      const estimated = (await checks.estimateAge(SELFIES[selfie], { minAge: 18 })).estimatedAge!;
      expect(estimated - 20).toBeGreaterThanOrEqual(18);
      const s = await capture(['age_estimation', 'doc_verify'], clockForDocumentAge(estimated - 20), [selfie, 'pol']);
      expect(s.checks.age_estimation?.reported?.result).toBe('PASS'); // the face alone would have passed
      expect(s.checks.age_estimation).toMatchObject({ result: 'REVIEW', values: { estimatedAge: estimated } });
      expect(codes(s)).toStrictEqual(['DOCUMENT_AGE_MISMATCH']);
      expect(s.checks.age_estimation?.reasons[0]?.details).toMatchObject({ estimatedAge: estimated, documentAge: estimated - 20 });
      expect(s.overallResult).toBe('REVIEW');
      // The same person with a document 3 years younger than the estimate (inside the band; the passport expires
      // at 54): consistent, approved.
      const ok = await capture(['age_estimation', 'doc_verify'], clockForDocumentAge(estimated - 3), [selfie, 'pol']);
      expect(codes(ok)).not.toContain('DOCUMENT_AGE_MISMATCH');
      expect(ok.overallResult).toBe('APPROVED');
    }
  });

  it('a minor\'s selfie with an adult\'s document never PASSes and says the document does not fit', async () => {
    for (const selfie of ['teen14', 'child10'] as const) {
      const estimated = (await checks.estimateAge(SELFIES[selfie], { minAge: 18 })).estimatedAge!;
      const s = await capture(['age_estimation', 'doc_verify'], clockForDocumentAge(Math.max(25, estimated + 20)), ['pol', selfie]);
      expect(s.checks.age_estimation?.result).not.toBe('PASS');
      expect(codes(s)).toContain('DOCUMENT_AGE_MISMATCH');
      expect(s.overallResult).not.toBe('APPROVED');
    }
  });
});
