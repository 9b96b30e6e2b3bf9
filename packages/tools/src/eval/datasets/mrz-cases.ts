import { type Where, arrayField, asObject, datasetError, join, optionalStringField, readLabelsJson, stringField } from './validate.js';

/** One expectation of an MRZ case, as one parser's test suite asserts it. */
export interface MrzExpectation {
  /** The parser whose test suite this comes from (the `field_schema` text). */
  readonly schema: string;
  /** Short name of the source: the part of `schema` before its first space, e.g. `cheminfo/mrz`. */
  readonly source: string;
  readonly format: string | null;
  /** The validity asserted, when asserted without extra checker options. */
  readonly valid: boolean | null;
  /** The fields asserted, in the source's own naming; null when only validity is asserted. */
  readonly fields: Record<string, unknown> | null;
  /** True when the case is an OCR-noise vector parsed with autocorrection. */
  readonly autocorrect: boolean;
  /** The clean MRZ this noisy case must parse like, when given. */
  readonly cleanReference: string[] | null;
  /**
   * A second document number the source also asserts (`expected_partial_raw`): the `mrz` npm package has two
   * notions, e.g. a French ID's 5-digit serial in `fields` and the full 12-character number printed on the card.
   */
  readonly alternativeDocumentNumber: string | null;
  /**
   * What the source's validity covers: `checks` (check digits and structure) or `checks+states` (the `mrz` npm
   * package also requires issuing state and nationality to be codes of real states, so the specimen `UTO` is invalid).
   */
  readonly validityCovers: 'checks' | 'checks+states';
}

/** One MRZ string with the expectations of one or more parsers. */
export interface MrzCase {
  readonly id: string;
  readonly lines: string[];
  readonly shape: string | null;
  readonly expectations: MrzExpectation[];
}

function lines(v: unknown, where: Where): string[] {
  if (!Array.isArray(v) || v.length === 0 || v.some((l) => typeof l !== 'string')) datasetError(where, 'expected an array of MRZ lines');
  return v as string[];
}

/**
 * Loads `mrz/cases.json` (`{"cases":[{"id","mrz":[..],"shape","expectations":[{"field_schema","format",
 * "expected_valid","expected_fields_raw","validity_checks","parse_options","clean_reference_mrz"}]}]}`).
 * Validity comes from `expected_valid`, else from a `validity_checks` entry without checker options.
 *
 * @example
 * ```ts
 * const cases = loadMrzCases('../shared/fixtures/mrz/cases.json');
 * ```
 */
export function loadMrzCases(file: string): MrzCase[] {
  const root = asObject(readLabelsJson(file), { file, path: '' });
  const cases = arrayField(root, 'cases', { file, path: '' }).map((raw, i): MrzCase => {
    const where: Where = { file, path: join('cases', i) };
    const c = asObject(raw, where);
    const id = typeof c.id === 'string' ? c.id : `case-${i + 1}`;
    const caseLines = lines(c.mrz, { file, path: join(where.path, 'mrz') });
    const expectations = arrayField(c, 'expectations', where).map((re, k) => {
      const ew: Where = { file, path: join(join(where.path, 'expectations'), k) };
      const e = asObject(re, ew);
      const schema = stringField(e, 'field_schema', ew);
      let valid: boolean | null = typeof e.expected_valid === 'boolean' ? e.expected_valid : null;
      if (valid === null && Array.isArray(e.validity_checks)) {
        const plain = (e.validity_checks as unknown[]).find(
          (v) => typeof v === 'object' && v !== null && (v as Record<string, unknown>).checker_options == null && typeof (v as Record<string, unknown>).expected_valid === 'boolean',
        ) as { expected_valid: boolean } | undefined;
        valid = plain?.expected_valid ?? null;
      }
      const fields = e.expected_fields_raw;
      if (fields !== undefined && fields !== null && (typeof fields !== 'object' || Array.isArray(fields))) datasetError({ file, path: join(ew.path, 'expected_fields_raw') }, 'expected an object or null');
      const opts = e.parse_options;
      const autocorrect = typeof opts === 'object' && opts !== null && (opts as Record<string, unknown>).autocorrect === true;
      const partial = e.expected_partial_raw;
      const alt = typeof partial === 'object' && partial !== null ? (partial as Record<string, unknown>).documentNumber : null;
      const source = schema.split(' ')[0]!;
      return {
        schema,
        source,
        validityCovers: source === 'cheminfo/mrz' ? ('checks+states' as const) : ('checks' as const),
        alternativeDocumentNumber: typeof alt === 'string' ? alt : null,
        format: optionalStringField(e, 'format', ew),
        valid,
        fields: (fields as Record<string, unknown> | null | undefined) ?? null,
        autocorrect,
        cleanReference: e.clean_reference_mrz == null ? null : lines(e.clean_reference_mrz, { file, path: join(ew.path, 'clean_reference_mrz') }),
      } satisfies MrzExpectation;
    });
    return { id, lines: caseLines, shape: typeof c.shape === 'string' ? c.shape : null, expectations };
  });
  return withReferenceNumbers(cases);
}

/**
 * An OCR-noise expectation asserts the fields of its clean reference; where the same suite asserts a second
 * document number for that clean MRZ elsewhere in the file, the noisy case inherits it.
 */
function withReferenceNumbers(cases: MrzCase[]): MrzCase[] {
  const key = (schema: string, l: readonly string[]) => `${schema}\n${l.join('\n')}`;
  const alternatives = new Map<string, string>();
  for (const c of cases) for (const e of c.expectations) if (e.alternativeDocumentNumber) alternatives.set(key(e.schema, c.lines), e.alternativeDocumentNumber);
  return cases.map((c) => ({
    ...c,
    expectations: c.expectations.map((e) =>
      e.cleanReference && !e.alternativeDocumentNumber ? { ...e, alternativeDocumentNumber: alternatives.get(key(e.schema, e.cleanReference)) ?? null } : e,
    ),
  }));
}
