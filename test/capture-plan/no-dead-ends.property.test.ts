/**
 * #17 item 2: random sequences of good, bad and racing uploads through the adapter's flow (real HTTP, real SQLite,
 * real check results computed once per input) never leave a session without a next step or a final result, and
 * never get a 5xx.
 */
import type { CheckName } from '@provefy/core';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { adapterDriver } from './drivers.js';
import { IMAGES, TRUNCATED_SELFIE } from './fixtures.js';
import { recordedChecks } from './recorded-checks.js';

const driver = adapterDriver(recordedChecks());
const BAD_FRONT = IMAGES.passport.slice(0, 4000);

type UploadKind = 'selfie' | 'front' | 'back' | 'liveness';
type ImageName = 'selfie' | 'other' | 'idCard' | 'passport' | 'truncatedSelfie' | 'truncatedPassport';
type Op =
  | { kind: UploadKind; image: ImageName }
  | { kind: 'complete' }
  | { kind: 'race'; a: Op; b: Op };

const bytes: Record<string, Uint8Array> = {
  selfie: IMAGES.selfie,
  other: IMAGES.otherPerson,
  idCard: IMAGES.idCard,
  passport: IMAGES.passport,
  truncatedSelfie: TRUNCATED_SELFIE,
  truncatedPassport: BAD_FRONT,
};

const image = fc.constantFrom<ImageName>('selfie', 'other', 'idCard', 'passport', 'truncatedSelfie', 'truncatedPassport');
const single: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constantFrom<UploadKind>('selfie', 'front'), image }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom<UploadKind>('back', 'liveness'), image }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'complete' } as Op) },
);
const op: fc.Arbitrary<Op> = fc.oneof({ weight: 4, arbitrary: single }, { weight: 1, arbitrary: fc.record({ kind: fc.constant('race' as const), a: single, b: single }) });
// Face match is where selfie and document meet: most sessions ask for it.
const checkSet = fc.oneof(
  { weight: 2, arbitrary: fc.subarray(['liveness', 'age_estimation', 'doc_verify'] as CheckName[]).map((c) => [...c, 'face_match'] as CheckName[]) },
  { weight: 1, arbitrary: fc.subarray(['liveness', 'age_estimation', 'doc_verify', 'face_match'] as CheckName[], { minLength: 1 }) },
);

beforeAll(async () => {
  await driver.start(['face_match']); // opens the store and the server once
});

afterAll(async () => {
  await driver.close();
});

async function send(token: string, o: Op, base: string): Promise<number[]> {
  if (o.kind === 'race') return (await Promise.all([send(token, o.a, base), send(token, o.b, base)])).flat();
  if (o.kind === 'complete') return [(await fetch(`${base}/api/v1/flow/${token}/complete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status];
  const img = bytes[o.image]!;
  if (o.kind === 'liveness') {
    const form = new FormData();
    form.append('frames', new Blob([new Uint8Array(img)], { type: 'image/jpeg' }), 'f.jpg');
    form.append('selfieFromFrames', 'false');
    // an attempt of its own (when the session has an open liveness check): the nonce and a capture time
    const started = await fetch(`${base}/api/v1/flow/${token}/start`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"check":"liveness"}' });
    const attempt = started.ok ? ((await started.json()) as { attempt?: { nonce: string } }).attempt : undefined;
    if (attempt) {
      form.append('nonce', attempt.nonce);
      form.append('timestamps', '[5]');
    }
    return [started.status < 500 ? (await fetch(`${base}/api/v1/flow/${token}/liveness`, { method: 'POST', body: form })).status : started.status];
  }
  const path = o.kind === 'selfie' ? 'selfie' : o.kind === 'front' ? 'document/front' : 'document/back';
  return [(await fetch(`${base}/api/v1/flow/${token}/${path}`, { method: 'POST', body: new Uint8Array(img), headers: { 'content-type': 'image/jpeg' } })).status];
}

it('never a session without a next step or a final result, whatever the uploads', async () => {
  await fc.assert(
    fc.asyncProperty(checkSet, fc.array(op, { minLength: 1, maxLength: 8 }), async (checks, ops) => {
      await driver.start(checks);
      const token = driver.token();
      const base = driver.baseUrl();
      for (const o of ops) {
        const statuses = await send(token, o, base);
        for (const s of statuses) expect(s, JSON.stringify(o)).toBeLessThan(500);
        const st = await driver.observe();
        const terminal = ['COMPLETED', 'EXPIRED', 'CANCELLED'].includes(st.status);
        expect(terminal || st.next.length > 0, `${JSON.stringify(checks)} after ${JSON.stringify(o)}: ${JSON.stringify(st)}`).toBe(true);
        if (terminal) expect(st.next).toEqual([]);
      }
    }),
    { numRuns: 40 },
  );
});
