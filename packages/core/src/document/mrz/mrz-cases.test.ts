/**
 * The MRZ reference cases of ../shared/fixtures/mrz/cases.json: each expectation is checked against the
 * reading Provefy gives, in the schema of the test suite it comes from (cheminfo/mrz = the `mrz` npm
 * package, datacheckerbv/MRZParser, Arg0s1080/mrz, PassportEye). OCR-noise cases must repair to their
 * clean reference exactly, with every correction reported.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { requirement } from '../../../../../test/helpers/requirement.js';
import { type MrzReading, parseMrz } from './parse-mrz.js';

const CASES = fileURLToPath(new URL('../../../../../../shared/fixtures/mrz/cases.json', import.meta.url));

interface Expectation {
  mrz: string[];
  source: { repo: string; test?: string; path?: string };
  format: string | null;
  expected_valid: boolean | null;
  expected_fields_raw: Record<string, string | null> | null;
  expected_partial_raw?: { documentNumber: string | null } | null;
  parse_options?: { autocorrect?: boolean };
  clean_reference_mrz?: string[];
  validity_checks?: { expected_valid: boolean; checker_options: string | null }[] | null;
}
interface Case {
  id: string;
  mrz: string[];
  expectations: Expectation[];
}

/** Fixed reference date: after every expiry in the file is irrelevant, century windows need a "now". */
const NOW = new Date('2025-06-01T00:00:00Z');

/** `YYMMDD` or `YYYYMMDD` of an ISO date, to compare with sources that keep the printed form. */
function compact(iso: string | null, digits: number): string | null {
  if (!iso) return null;
  const d = iso.replace(/-/g, '');
  return digits === 6 ? d.slice(2) : d;
}

/** `<` (unspecified) is returned as X, as ICAO's visual zone prints it. */
const SEX: Record<string, string | null> = { male: 'M', female: 'F', unspecified: 'X', '.male': 'M', '.female': 'F', '.unspecified': 'X', M: 'M', F: 'F' };

/**
 * Places where a reference suite deliberately departs from ICAO 9303 check-digit arithmetic or text; they
 * are asserted as the disagreement they are, so the test fails if either side changes.
 */
const KNOWN_DISAGREEMENTS: Record<string, string> = {
  // MRZParser drops the last letter of a name that fills the field ("VANESS" -> "VANES"); the MRZ prints VANESS.
  'mrz-062/datacheckerbv/MRZParser': 'truncated given name',
};

const cases: Case[] = existsSync(CASES) ? (JSON.parse(readFileSync(CASES, 'utf8')) as { cases: Case[] }).cases : [];

function checkDigitOf(r: MrzReading, name: string): string | undefined {
  return r.checks.find((c) => c.name === name)?.digit;
}

requirement({ name: `MRZ cases at ${CASES}`, problem: cases.length ? null : 'file missing', fix: 'lay the shared fixtures beside the repository (../shared/fixtures)' }).describe('mrz/cases.json', () => {
  it('holds the expected cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
  });

  for (const c of cases) {
    for (const [i, e] of c.expectations.entries()) {
      const label = `${c.id} #${i} ${e.source.repo} ${e.source.test ?? e.source.path ?? ''}`;
      const disagreement = KNOWN_DISAGREEMENTS[`${c.id}/${e.source.repo}`];

      if (e.clean_reference_mrz) {
        it(`${label}: OCR noise repairs to the clean reference`, () => {
          const r = parseMrz(e.mrz, { now: NOW });
          expect(r).not.toBeNull();
          expect(r!.lines).toEqual(e.clean_reference_mrz);
          // Every changed character is reported, at its position.
          const changed = e.mrz.flatMap((l, li) => [...l].flatMap((ch, ci) => (ch !== e.clean_reference_mrz![li]![ci] ? [`${li}:${ci}`] : [])));
          expect(r!.corrections.map((x) => `${x.line}:${x.column}`).sort()).toEqual(changed.sort());
          for (const x of r!.corrections) expect(e.mrz[x.line]![x.column]).toBe(x.from);
          // And the `mrz` package reads the repaired lines as its own autocorrect reads the noisy ones.
          if (e.expected_fields_raw && r!.raw) expect(r!.raw.fields).toEqual(e.expected_fields_raw);
        });
        continue;
      }

      if (e.source.repo === 'cheminfo/mrz') {
        it(`${label}: npm mrz fields and validity`, () => {
          const r = parseMrz(e.mrz, { now: NOW, repair: false });
          expect(r).not.toBeNull();
          expect(r!.raw).not.toBeNull();
          if (e.expected_valid !== null) {
            expect(r!.raw!.valid).toBe(e.expected_valid);
            // The package's verdict = Provefy's integrity verdict and real state codes (UTO is a specimen).
            const statesKnown = Object.values(r!.stateCodes).every((v) => v === null || v === 'known');
            expect(r!.valid && statesKnown).toBe(e.expected_valid);
          }
          if (e.expected_fields_raw) expect(r!.raw!.fields).toMatchObject(e.expected_fields_raw);
          if (e.expected_partial_raw) expect(r!.raw!.documentNumber).toBe(e.expected_partial_raw.documentNumber);
          if (e.format) expect(r!.format === 'MRVA' || r!.format === 'MRVB' ? 'unsupported' : r!.format).toBe(e.format);
          // Provefy's normalised fields agree with the package's.
          const f = e.expected_fields_raw;
          if (f && r!.raw!.valid) {
            if (f.lastName !== undefined) expect(r!.fields.lastName ?? '').toBe(f.lastName ?? '');
            if (f.firstName !== undefined) expect(r!.fields.firstName ?? '').toBe(f.firstName ?? '');
            if (f.birthDate) expect(compact(r!.fields.dateOfBirth, 6)).toBe(f.birthDate);
            if (f.expirationDate) expect(compact(r!.fields.expiryDate, 6)).toBe(f.expirationDate);
            if (f.sex) expect(r!.fields.sex).toBe(SEX[f.sex] ?? null);
            // The package has two notions (the number field, and the full number incl. French issue data / Swiss PIN): ours is one of them.
            if (f.documentNumber) expect([f.documentNumber, e.expected_partial_raw?.documentNumber]).toContain(r!.fields.documentNumber);
          }
          // Check digits: Provefy's own evaluation agrees with the package's.
          for (const d of r!.raw!.details) {
            const name = d.field?.replace(/CheckDigit$/, '');
            if (!d.field?.endsWith('CheckDigit') || !name) continue;
            const own = r!.checks.find((x) => (name === 'composite' ? x.name === 'composite' : x.name === name));
            if (own) expect(own.valid).toBe(d.valid);
          }
        });
        continue;
      }

      if (e.source.repo === 'datacheckerbv/MRZParser') {
        it(`${label}: MRZParser fields and validity`, () => {
          const r = parseMrz(e.mrz, { now: NOW });
          expect(r).not.toBeNull();
          const f = e.expected_fields_raw ?? {};
          if (e.expected_valid !== null) expect(r!.valid).toBe(e.expected_valid);
          if (f.documentNumber !== undefined) expect(r!.fields.documentNumber).toBe(f.documentNumber);
          if (f.countryCode !== undefined) expect(r!.issuingState).toBe(f.countryCode === 'D' ? 'DEU' : f.countryCode);
          if (f.nationalityCountryCode !== undefined) expect(r!.fields.nationality).toBe(f.nationalityCountryCode === 'D' ? 'DEU' : f.nationalityCountryCode);
          if (f.surnames !== undefined) expect(r!.fields.lastName).toBe(f.surnames);
          if (f.givenNames !== undefined) {
            if (disagreement === 'truncated given name') expect(r!.fields.firstName?.startsWith(f.givenNames!)).toBe(true);
            else expect(r!.fields.firstName).toBe(f.givenNames);
          }
          if (f.birthdate !== undefined) expect(compact(r!.fields.dateOfBirth, f.birthdate?.length ?? 6)).toBe(f.birthdate);
          if (f.expiryDate !== undefined) expect(compact(r!.fields.expiryDate, f.expiryDate?.length ?? 6)).toBe(f.expiryDate);
          if (f.sex !== undefined) expect(r!.fields.sex).toBe(SEX[f.sex!] ?? null);
          if (f.optionalData && r!.format === 'EU_DRIVING_LICENSE') expect(r!.optionalData[0]).toBe(f.optionalData);
          for (const [key, name] of [
            ['documentNumberCheckDigit', 'documentNumber'],
            ['birthdateCheckDigit', 'birthDate'],
            ['expiryDateCheckDigit', 'expirationDate'],
            ['optionalDataCheckDigit', 'personalNumber'],
            ['compositeCheckDigit', 'composite'],
          ] as const) {
            if (f[key] !== undefined && f[key] !== null) expect(checkDigitOf(r!, name)).toBe(f[key]);
          }
        });
        continue;
      }

      if (e.source.repo === 'Arg0s1080/mrz') {
        it(`${label}: Arg0s1080 checker`, () => {
          const r = parseMrz(e.mrz, { now: NOW });
          expect(r).not.toBeNull();
          for (const vc of e.validity_checks ?? []) {
            const checkExpiry = (vc.checker_options ?? '').includes('check_expiry=True');
            const expired = r!.fields.expiryDate !== null && r!.fields.expiryDate < NOW.toISOString().slice(0, 10);
            expect(r!.valid && !(checkExpiry && expired)).toBe(vc.expected_valid);
          }
          const f = e.expected_fields_raw;
          if (f) {
            expect(r!.fields.lastName).toBe(f.surname);
            expect(r!.fields.firstName).toBe(f.name);
            expect(r!.issuingState).toBe(f.country);
            expect(r!.fields.nationality).toBe(f.nationality);
            expect(compact(r!.fields.dateOfBirth, 6)).toBe(f.birth_date);
            expect(compact(r!.fields.expiryDate, 6)).toBe(f.expiry_date);
            expect(r!.fields.sex).toBe(f.sex);
            expect(r!.documentCode).toBe(f.document_type);
            expect(r!.fields.documentNumber).toBe(f.document_number);
            expect(checkDigitOf(r!, 'documentNumber')).toBe(f.document_number_hash);
            expect(checkDigitOf(r!, 'birthDate')).toBe(f.birth_date_hash);
            expect(checkDigitOf(r!, 'expirationDate')).toBe(f.expiry_date_hash);
            expect(checkDigitOf(r!, 'composite')).toBe(f.final_hash);
          }
        });
        continue;
      }

      if (e.source.repo === 'konstantint/PassportEye') {
        it(`${label}: PassportEye MRZ`, () => {
          const r = parseMrz(e.mrz, { now: NOW });
          const f = e.expected_fields_raw!;
          expect(r!.valid).toBe(e.expected_valid);
          expect(`${r!.documentCode}<`.slice(0, 2)).toBe(f.type);
          expect(r!.issuingState).toBe(f.country);
          expect(r!.fields.documentNumber).toBe(f.number);
          expect(compact(r!.fields.dateOfBirth, 6)).toBe(f.date_of_birth);
          expect(compact(r!.fields.expiryDate, 6)).toBe(f.expiration_date);
          expect(r!.fields.sex).toBe(f.sex);
          expect(r!.fields.nationality).toBe(f.nationality);
          expect(r!.fields.firstName).toBe(f.names);
          expect(r!.fields.lastName).toBe(f.surname);
        });
        continue;
      }

      it(`${label}: has an adapter`, () => {
        expect.fail(`no adapter for expectations from ${e.source.repo}`);
      });
    }
  }
});
