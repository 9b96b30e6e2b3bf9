import { loadDocumentItems } from '../datasets/documents.js';
import { timed } from '../metrics/latency.js';
import { CANONICAL_MRZ_FIELDS, type CanonicalMrzField, canonicalMrzFields, compareMrzFields, mrzCharAccuracy, mrzLinesExact } from '../metrics/mrz-compare.js';
import type { FailureRow, SectionContext, SectionReport } from '../types.js';
import type { DocumentResultShape, ReadDocumentFn } from './check-shapes.js';
import { findCheck } from './check-loader.js';
import { errorText, fmt, isFatalCheckError, latency, notSupported, round, sectionError, share } from './section-helpers.js';

/** The document type a label means, in the contract's terms (`OTHER` -> `UNKNOWN`). */
function expectedType(t: string): string {
  return t === 'OTHER' ? 'UNKNOWN' : t;
}

/**
 * Documents on `documents/labels.json`: documents with every MRZ line exactly right (where the label gives
 * the MRZ), MRZ character accuracy, check-digit validity of the MRZ read, `hasMrz` and `documentType`
 * accuracy, country accuracy, and field accuracy where `sourceFields` are given (dates compared as YYMMDD).
 *
 * @example
 * ```ts
 * const report = await runDocumentsSection({ labelsFile: 'fixtures/documents/labels.json', options: {}, progress: silentProgress, maxFailures: 10 });
 * report.metrics.mrzAllLinesExact; // { count, of, rate }
 * ```
 */
export async function runDocumentsSection(ctx: SectionContext): Promise<SectionReport> {
  const items = loadDocumentItems(ctx.labelsFile);
  const found = await findCheck<ReadDocumentFn>('document', ['readDocument']);
  if (!found.fn) return notSupported('documents', ctx.labelsFile, items.length, found.reason);
  const readDocument = found.fn;
  const t0 = performance.now();
  const ms: number[] = [];
  const failures: FailureRow[] = [];
  let errors = 0;
  const mrzExact = { count: 0, of: 0 };
  const charAcc: number[] = [];
  const validity = { count: 0, of: 0 };
  const validWhenExact = { count: 0, of: 0 };
  const hasMrz = { count: 0, of: 0 };
  const docType = { count: 0, of: 0 };
  const country = { count: 0, of: 0 };
  const fieldTotals = { compared: 0, agreed: 0 };
  const perField: Partial<Record<CanonicalMrzField, { compared: number; agreed: number }>> = {};
  const confusion: Record<string, Record<string, number>> = {};

  ctx.progress.start('documents', items.length);
  for (const it of items) {
    const r = await timed(() => readDocument(it.path, ctx.options.profile ? { profile: ctx.options.profile } : {}));
    let doc: DocumentResultShape | null = null;
    if (r.error) {
      if (isFatalCheckError(r.error)) {
        ctx.progress.end();
        return sectionError('documents', ctx.labelsFile, items.length, errorText(r.error), (performance.now() - t0) / 1000);
      }
      errors++;
    } else {
      ms.push(r.ms);
      doc = r.value!;
    }
    const err = r.error ? errorText(r.error) : null;
    const lines = doc?.mrz?.lines?.length ? [...doc.mrz.lines] : null;
    const problems: string[] = [];
    let severity = 0;

    // hasMrz
    hasMrz.of++;
    if ((lines !== null) === it.hasMrz) hasMrz.count++;
    else {
      problems.push(it.hasMrz ? 'MRZ not found' : 'MRZ reported on a page without one');
      severity += 3;
    }
    // MRZ text
    if (it.mrz) {
      mrzExact.of++;
      const exact = mrzLinesExact(lines, it.mrz);
      const acc = mrzCharAccuracy(lines, it.mrz);
      charAcc.push(acc);
      if (exact) mrzExact.count++;
      else if (lines) {
        problems.push(`MRZ ${fmt(acc * 100, 1)}% of characters right`);
        severity += 2 * (1 - acc);
      }
      if (exact) {
        validWhenExact.of++;
        if (doc?.mrz?.valid) validWhenExact.count++;
      }
    }
    if (it.hasMrz) {
      validity.of++;
      if (doc?.mrz?.valid === true) validity.count++;
      else if (lines) problems.push('MRZ check digits fail');
    }
    // document type
    if (it.documentType !== null) {
      docType.of++;
      const want = expectedType(it.documentType);
      const got = doc?.documentType ?? 'error';
      const row = confusion[want] ?? {};
      confusion[want] = row;
      row[got] = (row[got] ?? 0) + 1;
      if (got === want) docType.count++;
      else {
        problems.push(`type ${got}`);
        severity += 1;
      }
    }
    if (it.country) {
      country.of++;
      if (doc?.country === it.country) country.count++;
      else problems.push(`country ${doc?.country ?? 'none'}`);
    }
    // printed / MRZ fields
    if (it.sourceFields) {
      const expected = canonicalMrzFields(it.sourceFields);
      const actual = canonicalMrzFields(doc?.fields ?? {});
      const c = compareMrzFields(expected, doc ? actual : Object.fromEntries(Object.keys(expected).map((k) => [k, null])));
      fieldTotals.compared += c.compared;
      fieldTotals.agreed += c.agreed;
      for (const f of CANONICAL_MRZ_FIELDS) {
        if (expected[f] == null || !(f in actual || !doc)) continue;
        const pf = perField[f] ?? { compared: 0, agreed: 0 };
        perField[f] = pf;
        pf.compared++;
        if (!c.mismatches.some((m) => m.field === f)) pf.agreed++;
      }
      if (c.mismatches.length) {
        problems.push(`fields ${c.mismatches.map((m) => `${m.field}=${m.actual ?? 'null'} (want ${m.expected})`).join(', ')}`);
        severity += c.mismatches.length / Math.max(1, c.compared);
      }
    }
    if (err) {
      problems.unshift(err);
      severity += 5;
    }
    if (problems.length) {
      failures.push({
        file: it.file,
        truth: `${it.documentType ?? 'no type'}${it.hasMrz ? ', MRZ' : ', no MRZ'}${it.mrz ? ` ${it.mrz[it.mrz.length - 1]}` : ''}`,
        prediction: `${problems.join('; ')}${lines ? ` | read: ${lines[lines.length - 1]}` : ''}`,
        severity,
      });
    }
    ctx.progress.tick();
  }

  const elapsedS = (performance.now() - t0) / 1000;
  ctx.progress.end(`MRZ exact ${mrzExact.count}/${mrzExact.of}, hasMrz ${hasMrz.count}/${hasMrz.of}`);
  const meanAcc = charAcc.length ? charAcc.reduce((a, b) => a + b, 0) / charAcc.length : null;
  return {
    name: 'documents',
    status: 'ok',
    labelsFile: ctx.labelsFile,
    items: items.length,
    metrics: {
      documents: items.length,
      mrzAllLinesExact: share(mrzExact.count, mrzExact.of),
      mrzCharAccuracy: round(meanAcc),
      mrzCheckDigitsValid: share(validity.count, validity.of),
      mrzValidWhenExact: share(validWhenExact.count, validWhenExact.of),
      hasMrzAccuracy: share(hasMrz.count, hasMrz.of),
      documentTypeAccuracy: share(docType.count, docType.of),
      documentTypeConfusion: confusion,
      countryAccuracy: share(country.count, country.of),
      fieldAccuracy: { agreed: fieldTotals.agreed, compared: fieldTotals.compared, rate: fieldTotals.compared ? round(fieldTotals.agreed / fieldTotals.compared) : null, perField },
      checkErrors: errors,
    },
    latencyMs: latency(ms),
    failures: [...failures].sort((a, b) => b.severity - a.severity).slice(0, ctx.maxFailures),
    notes: [
      'mrzAllLinesExact counts documents whose label gives the MRZ text and whose every line was read exactly; mrzCharAccuracy is the mean share of characters right on those.',
      'mrzCheckDigitsValid: documents labelled with an MRZ whose MRZ was read with every check digit valid.',
      'documentTypeAccuracy is over documents whose label gives a type (OTHER = UNKNOWN); fieldAccuracy over the fields of sourceFields, dates as YYMMDD, names without fillers.',
      'latencyMs is per readDocument call on the image file (decoding included).',
    ],
    elapsedS,
  };
}
