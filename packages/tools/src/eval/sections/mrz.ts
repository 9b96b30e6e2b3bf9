import { loadMrzCases, type MrzExpectation } from '../datasets/mrz-cases.js';
import { timed } from '../metrics/latency.js';
import { type CanonicalMrzFields, canonicalMrzFields, compareMrzFields } from '../metrics/mrz-compare.js';
import type { FailureRow, SectionContext, SectionReport } from '../types.js';
import type { ParseMrzFn } from './check-shapes.js';
import { findCheck } from './check-loader.js';
import { errorText, latency, notSupported, round, share } from './section-helpers.js';

/** The names under which the MRZ parser may be exported. */
export const MRZ_PARSER_NAMES = ['parseMrz', 'parseMRZ'] as const;

/** The fields and validity of whatever the parser returned (fields at the top or under `fields`). */
export function readParse(parsed: unknown): { fields: CanonicalMrzFields; valid: boolean | null; format: string | null; statesKnown: boolean | null } {
  if (typeof parsed !== 'object' || parsed === null) return { fields: {}, valid: null, format: null, statesKnown: null };
  const p = parsed as Record<string, unknown>;
  const nested = typeof p.fields === 'object' && p.fields !== null ? (p.fields as Record<string, unknown>) : {};
  const fields = { ...canonicalMrzFields(p), ...canonicalMrzFields(nested) };
  const valid = typeof p.valid === 'boolean' ? p.valid : typeof p.isValid === 'boolean' ? p.isValid : null;
  const format = typeof p.format === 'string' ? p.format : null;
  // Provefy's `stateCodes` ({ issuingState, nationality }: known | specimen | unknown | null), when reported.
  const codes = typeof p.stateCodes === 'object' && p.stateCodes !== null ? Object.values(p.stateCodes as Record<string, unknown>).filter((v) => v !== null) : null;
  const statesKnown = codes === null ? null : codes.every((v) => v === 'known');
  return { fields, valid, format, statesKnown };
}

interface ExpectationOutcome {
  caseId: string;
  exp: MrzExpectation;
  agrees: boolean;
  compared: number;
  agreed: number;
  validityCompared: boolean;
  validityAgrees: boolean;
  detail: string;
}

/**
 * MRZ parsing on `mrz/cases.json`: for every expectation (one parser's test suite asserting fields and/or
 * validity for an MRZ string, OCR-noise vectors parsed with autocorrection), whether Provefy's parser agrees:
 * fields compared after normalising each library's naming (dates YYMMDD, sex M/F/X, names without fillers),
 * validity compared where asserted. Reported overall and per source suite.
 *
 * @example
 * ```ts
 * const report = await runMrzSection({ labelsFile: 'fixtures/mrz/cases.json', options: {}, progress: silentProgress, maxFailures: 10 });
 * report.metrics.parseAgreement; // { count, of, rate }
 * ```
 */
export async function runMrzSection(ctx: SectionContext): Promise<SectionReport> {
  const cases = loadMrzCases(ctx.labelsFile);
  const found = await findCheck<ParseMrzFn>('mrz', MRZ_PARSER_NAMES);
  if (!found.fn) return notSupported('mrz', ctx.labelsFile, cases.length, found.reason);
  const parse = found.fn;
  const t0 = performance.now();
  const ms: number[] = [];
  const outcomes: ExpectationOutcome[] = [];
  const notReported = new Map<string, number>();
  let errors = 0;
  ctx.progress.start('mrz', cases.length);
  for (const c of cases) {
    const byMode = new Map<boolean, Awaited<ReturnType<typeof timed<unknown>>>>();
    for (const exp of c.expectations) {
      let r = byMode.get(exp.autocorrect);
      if (!r) {
        r = await timed(async () => parse([...c.lines], { autocorrect: exp.autocorrect, repair: exp.autocorrect }));
        byMode.set(exp.autocorrect, r);
        if (!r.error) ms.push(r.ms);
        else errors++;
      }
      const got = r.error ? { fields: {}, valid: null, format: null, statesKnown: null } : readParse(r.value);
      const expectedFields = canonicalMrzFields(exp.fields);
      // The source's other notion of the document number counts too (it asserts both).
      const alt = exp.alternativeDocumentNumber === null ? null : canonicalMrzFields({ documentNumber: exp.alternativeDocumentNumber }).documentNumber;
      if (alt && got.fields.documentNumber === alt) expectedFields.documentNumber = alt;
      const cmp = compareMrzFields(expectedFields, r.error || r.value == null ? nullsFor(expectedFields) : got.fields);
      for (const f of cmp.notReported) notReported.set(f, (notReported.get(f) ?? 0) + 1);
      const validityCompared = exp.valid !== null;
      // Like is compared with like: a source whose validity includes real state codes is compared with valid && statesKnown.
      const strict = exp.validityCovers === 'checks+states' && got.statesKnown !== null;
      const parsedValid = r.error || r.value == null ? false : strict ? got.valid === true && got.statesKnown === true : got.valid;
      const validityAgrees = !validityCompared || parsedValid === exp.valid;
      const agrees = cmp.mismatches.length === 0 && validityAgrees && !(r.error && cmp.compared === 0 && !validityCompared);
      const bits: string[] = [];
      if (r.error) bits.push(`parse error ${errorText(r.error)}`);
      if (cmp.mismatches.length) bits.push(cmp.mismatches.map((m) => `${m.field} ${m.actual ?? 'null'} (want ${m.expected})`).join(', '));
      if (!validityAgrees) bits.push(`valid ${String(parsedValid)} (want ${String(exp.valid)})`);
      outcomes.push({ caseId: c.id, exp, agrees, compared: cmp.compared, agreed: cmp.agreed, validityCompared, validityAgrees, detail: bits.join('; ') });
    }
    ctx.progress.tick();
  }

  const bySource: Record<string, { expectations: number; agree: number; fieldsCompared: number; fieldsAgreed: number; validityCompared: number; validityAgreed: number }> = {};
  for (const o of outcomes) {
    const s = bySource[o.exp.source] ?? { expectations: 0, agree: 0, fieldsCompared: 0, fieldsAgreed: 0, validityCompared: 0, validityAgreed: 0 };
    bySource[o.exp.source] = s;
    s.expectations++;
    if (o.agrees) s.agree++;
    s.fieldsCompared += o.compared;
    s.fieldsAgreed += o.agreed;
    if (o.validityCompared) {
      s.validityCompared++;
      if (o.validityAgrees) s.validityAgreed++;
    }
  }
  const caseAgree = cases.filter((c) => outcomes.filter((o) => o.caseId === c.id).every((o) => o.agrees)).length;
  const fieldsCompared = outcomes.reduce((a, o) => a + o.compared, 0);
  const fieldsAgreed = outcomes.reduce((a, o) => a + o.agreed, 0);
  const validityCompared = outcomes.filter((o) => o.validityCompared).length;
  const validityAgreed = outcomes.filter((o) => o.validityCompared && o.validityAgrees).length;
  const noisy = outcomes.filter((o) => o.exp.autocorrect);
  const failures: FailureRow[] = outcomes
    .filter((o) => !o.agrees)
    .map((o) => {
      const c = cases.find((x) => x.id === o.caseId)!;
      return {
        file: `${o.caseId} ${c.lines.join(' / ')}`,
        truth: `${o.exp.source}${o.exp.autocorrect ? ' (OCR noise, autocorrect)' : ''}`,
        prediction: o.detail,
        severity: (o.compared - o.agreed) + (o.validityAgrees ? 0 : 1),
      };
    });
  const elapsedS = (performance.now() - t0) / 1000;
  ctx.progress.end(`agreement ${outcomes.filter((o) => o.agrees).length}/${outcomes.length}`);
  return {
    name: 'mrz',
    status: 'ok',
    labelsFile: ctx.labelsFile,
    items: cases.length,
    metrics: {
      cases: cases.length,
      expectations: outcomes.length,
      parseAgreement: share(outcomes.filter((o) => o.agrees).length, outcomes.length),
      casesFullyAgreeing: share(caseAgree, cases.length),
      fieldAgreement: { agreed: fieldsAgreed, compared: fieldsCompared, rate: fieldsCompared ? round(fieldsAgreed / fieldsCompared) : null },
      validityAgreement: share(validityAgreed, validityCompared),
      ocrNoiseAgreement: share(noisy.filter((o) => o.agrees).length, noisy.length),
      bySource,
      fieldsNotReported: Object.fromEntries(notReported),
      parseErrors: errors,
    },
    latencyMs: latency(ms),
    failures: failures.sort((a, b) => b.severity - a.severity).slice(0, ctx.maxFailures),
    notes: [
      'Each expectation is one test suite\'s assertion, compared in that suite\'s own terms: the `mrz` npm package\'s validity also requires real state codes (it rejects the specimen state UTO), so it is compared with `valid && stateCodes known`; the others\' with `valid` (check digits and structure). Where a suite asserts two document numbers (the `mrz` package\'s French ID serial and full number), either agrees.',
      'MRZParser reads 29 of the 30 name characters of a TD1 line 3, so its test expects a full-width given name cut by one letter (mrz-062 "VANESS" -> "VANES"); Provefy keeps the 30 characters ICAO 9303 and the `mrz` package read, and that expectation stays a disagreement.',
      'Fields compared: document code, issuing state, document number, birth and expiry dates (YYMMDD), sex (M/F/X), nationality, surname, given names; an expected null is not compared. Validity only where asserted without extra checker options.',
    ],
    elapsedS,
  };
}

function nullsFor(expected: CanonicalMrzFields): CanonicalMrzFields {
  return Object.fromEntries(Object.keys(expected).map((k) => [k, null])) as CanonicalMrzFields;
}
