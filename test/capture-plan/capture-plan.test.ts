/**
 * One test suite for the capture plan (#15): the same input sequences driven through core's plan directly, the
 * adapter's flow over real HTTP on SQLite, and the kiosk's verification service, asserting that all three reach the
 * same states and next steps after every step. Real images, real checks (each result computed once per input and
 * reused across the three drivers, see recorded-checks.ts).
 */
import type { CheckName } from '@provefy/core';
import { afterAll, describe, expect, it } from 'vitest';
import { type Driver, type Observed, type Upload, type UploadAnswer, adapterDriver, coreDriver, kioskDriver } from './drivers.js';
import { up } from './fixtures.js';
import { realRuns, recordedChecks } from './recorded-checks.js';

const checks = recordedChecks();
const drivers: Driver[] = [coreDriver(checks), adapterDriver(checks), kioskDriver(checks)];

afterAll(async () => {
  for (const d of drivers) await d.close();
});

interface Trace {
  answers: (UploadAnswer & { label: string })[];
  states: Observed[];
}

async function drive(d: Driver, names: CheckName[], uploads: Upload[]): Promise<Trace> {
  await d.start(names);
  const trace: Trace = { answers: [], states: [await d.observe()] };
  for (const u of uploads) {
    trace.answers.push({ ...(await d.upload(u)), label: u.label });
    trace.states.push(await d.observe());
  }
  return trace;
}

/** Runs the sequence through every driver and expects identical traces; returns the common trace. */
async function same(names: CheckName[], uploads: Upload[]): Promise<Trace> {
  const traces: Trace[] = [];
  for (const d of drivers) traces.push(await drive(d, names, uploads));
  for (let i = 1; i < drivers.length; i++) expect(traces[i], `${drivers[i]!.name} vs ${drivers[0]!.name}`).toEqual(traces[0]);
  return traces[0]!;
}

describe('the capture plan: core, adapter and kiosk reach the same states', () => {
  it('selfie then the same person\'s ID card: the face match is final, the session completed', async () => {
    const t = await same(['face_match'], [up.selfie(), up.idFront()]);
    expect(t.states[0]!.next).toEqual(['selfie', 'document_front']);
    expect(t.states[1]!.next).toEqual(['document_front']);
    expect(t.states.at(-1)).toMatchObject({ status: 'COMPLETED', next: [] });
    expect(t.states.at(-1)!.checks.face_match).toMatchObject({ final: true });
    expect(t.states.at(-1)!.checks.face_match!.result).not.toBe('FAIL');
  });

  it('another person against the ID card: face match FAIL, the next step is a new selfie; the right person then completes it', async () => {
    const t = await same(['face_match'], [up.idFront(), up.otherSelfie(), up.selfie()]);
    expect(t.states[2]!.checks.face_match).toMatchObject({ result: 'FAIL', final: false, attemptsLeft: 2 });
    expect(t.states[2]!.next).toEqual(['selfie']);
    expect(t.states[3]).toMatchObject({ status: 'COMPLETED' });
    expect(t.states[3]!.checks.face_match!.result).not.toBe('FAIL');
  });

  it('the #17 chain: a truncated selfie is refused before it is kept, the passport is not blamed, a next step remains', async () => {
    const t = await same(['face_match'], [up.badSelfie(), up.passport()]);
    expect(t.answers[0]).toMatchObject({ ok: false, code: 'PROVEFY_ERR_INVALID_IMAGE' });
    expect(t.answers[1]).toMatchObject({ ok: true });
    expect(t.states[2]).toMatchObject({ status: 'IN_PROGRESS', next: ['selfie'] });
    expect(t.states[2]!.checks.face_match).toMatchObject({ result: null, attemptsLeft: 3 });
  });

  it('age and face match: a truncated selfie uses no attempt; a good one runs both', async () => {
    const t = await same(['age_estimation', 'face_match'], [up.badSelfie(), up.selfie(), up.idFront()]);
    expect(t.states[1]!.checks.age_estimation).toMatchObject({ result: null, attemptsLeft: 3 });
    expect(t.states[1]!.next).toEqual(['selfie', 'document_front']);
    expect(t.states[2]!.checks.age_estimation!.result).not.toBeNull();
    expect(t.states[3]!.checks.face_match!.result).not.toBeNull();
  });

  it('documents: a truncated page is refused without an attempt; an ID card front asks for its back or records, like a passport', async () => {
    const t = await same(['doc_verify', 'face_match'], [up.badDocument(), up.idFront(), up.selfie()]);
    expect(t.answers[0]).toMatchObject({ ok: false, code: 'PROVEFY_ERR_INVALID_IMAGE' });
    expect(t.states[1]!.checks.doc_verify).toMatchObject({ result: null, attemptsLeft: 3 });
    const afterFront = t.states[2]!;
    if (afterFront.next.includes('document_back')) {
      expect(afterFront.checks.doc_verify!.result).toBeNull(); // held back until the back comes
      const back = await same(['doc_verify', 'face_match'], [up.idFront(), up.idBack(), up.selfie()]);
      expect(back.states[2]!.checks.doc_verify!.result).not.toBeNull();
      expect(back.states[3]!.checks.face_match!.result).not.toBeNull();
    } else {
      expect(afterFront.checks.doc_verify!.result).not.toBeNull();
    }
  });

  it('a passport read by doc_verify, then the selfie', async () => {
    const t = await same(['doc_verify', 'face_match'], [up.passport(), up.selfie()]);
    expect(t.states[1]!.checks.doc_verify!.result).not.toBeNull();
    expect(t.states[1]!.next).toContain('selfie');
  });

  it('each real check ran once per distinct input (the drivers shared real results)', () => {
    expect(realRuns.matchFaces).toBeGreaterThan(0);
    expect(realRuns.readDocument).toBeGreaterThan(0);
  });
});
