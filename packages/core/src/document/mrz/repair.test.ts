import { describe, expect, it } from 'vitest';
import { assembleMrz, fitLength } from './assemble-lines.js';
import { computeCheckDigit, isCheckDigitValid } from './check-digit.js';
import { parseMrz } from './parse-mrz.js';
import { repairMrz } from './repair.js';

const TD3 = ['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<', 'L898902C36UTO7408122F1204159ZE184226B<<<<<10'];
const NOW = new Date('2011-01-01T00:00:00Z');

describe('check digits', () => {
  it('computes ICAO 9303 check digits', () => {
    expect(computeCheckDigit('L898902C3')).toBe(6);
    expect(computeCheckDigit('740812')).toBe(2);
    expect(computeCheckDigit('ZE184226B<<<<<')).toBe(1);
    expect(isCheckDigitValid('<<<<<<', '<')).toBe(true);
    expect(isCheckDigitValid('740812', '3')).toBe(false);
  });
});

describe('repairMrz', () => {
  it('repairs an O read for 0 in the document number, confirmed by its check digit and the composite', () => {
    const noisy = [TD3[0]!, 'L8989O2C36UTO7408122F1204159ZE184226B<<<<<10'];
    const r = repairMrz(noisy, 'TD3');
    expect(r.lines).toEqual(TD3);
    expect(r.corrections).toEqual([{ line: 1, column: 5, from: 'O', to: '0', reason: 'check-digit' }]);
    expect(r.checks.every((c) => c.valid)).toBe(true);
  });

  it('repairs a K read inside the fillers of the personal number (K and < weigh the same for check digits)', () => {
    const r = repairMrz([TD3[0]!, 'L898902C36UTO7408122F1204159ZE184226B<<K<<10'], 'TD3');
    expect(r.lines).toEqual(TD3);
    expect(r.corrections).toEqual([{ line: 1, column: 39, from: 'K', to: '<', reason: 'filler' }]);
    expect(r.checks.every((c) => c.valid)).toBe(true);
  });

  it('turns a K inside the name fillers into a filler', () => {
    const r = repairMrz(['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<K<<<<<<<<<<<', TD3[1]!], 'TD3');
    expect(r.lines).toEqual(TD3);
    expect(r.corrections).toEqual([{ line: 0, column: 32, from: 'K', to: '<', reason: 'filler' }]);
  });

  it('keeps a real middle initial K', () => {
    const lines = ['P<UTOERIKSSON<<ANNA<K<<<<<<<<<<<<<<<<<<<<<<<', TD3[1]!];
    expect(repairMrz(lines, 'TD3').lines[0]).toBe(lines[0]);
  });

  it('does not guess: a wrong check digit with no look-alike repair stays invalid and is reported', () => {
    const r = parseMrz([TD3[0]!, 'L898902C37UTO7408122F1204159ZE184226B<<<<<10'], { now: NOW });
    expect(r!.valid).toBe(false);
    expect(r!.checks.filter((c) => !c.valid).map((c) => c.name)).toEqual(['documentNumber', 'composite']);
    expect(r!.checks.find((c) => c.name === 'documentNumber')).toMatchObject({ digit: '7', expected: '6' });
    expect(r!.corrections).toEqual([]);
  });

  it('does not repair a number whose own check passes after a flip when the composite still fails', () => {
    // Document number check digit changed 6 -> 8 and composite left: flipping a B/8 could satisfy one check, not both.
    const r = parseMrz([TD3[0]!, 'L898902C38UTO7408122F1204159ZE184226B<<<<<10'], { now: NOW });
    expect(r!.valid).toBe(false);
    expect(r!.lines[1]).toBe('L898902C38UTO7408122F1204159ZE184226B<<<<<10');
  });

  it('repairs TD1 optional data through the composite check digit alone', () => {
    const clean = ['IDBEL600001795<0152<<<<<<<<<<<', '1301014F2311207BEL130101987398', 'SPECIMEN<<SPECIMEN<<<<<<<<<<<<'];
    const noisy = [clean[0]!, '1301014F2311207BEL13O101987398', clean[2]!];
    const r = repairMrz(noisy, 'TD1');
    expect(r.lines).toEqual(clean);
    expect(r.corrections).toEqual([{ line: 1, column: 20, from: 'O', to: '0', reason: 'check-digit' }]);
  });

  it('fixes an unknown issuing state one letter away from the nationality', () => {
    const r = parseMrz(['P<MLDMEULENDIJK<<LOES<ALBERTINE<<<<<<<<<<<<<', 'XA00000148NLD7110195F0604121123456782<<<<<02'], { now: NOW });
    expect(r!.issuingState).toBe('NLD');
    expect(r!.corrections).toContainEqual({ line: 0, column: 2, from: 'M', to: 'N', reason: 'state-code' });
  });
});

describe('assembleMrz', () => {
  it('fits lengths by adding or removing fillers and cleans spaces and «', () => {
    const a = assembleMrz(['P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<', 'L898902C3 6UTO7408122F1204159ZE184226B«<<<<<<10']);
    expect(a?.reading.lines).toEqual(TD3);
    expect(a?.lengthEdits).toBe(3);
    expect(a?.reading.valid).toBe(true);
  });

  it('finds the MRZ among other OCR lines', () => {
    const a = assembleMrz(['PASSPORT PASSEPORT', 'UTOPIA', ...TD3, 'x']);
    expect(a?.lineIndices).toEqual([2, 3]);
    expect(a?.reading.format).toBe('TD3');
  });

  it('returns null for text that is no MRZ', () => {
    expect(assembleMrz(['HELLO WORLD', 'THIS IS NOT AN MRZ'])).toBeNull();
  });

  it('offers length variants', () => {
    expect(fitLength('AB<<<CD', 8)).toContain('AB<<<<CD');
    expect(fitLength('AB<<<CD', 6)).toContain('AB<<CD');
  });
});

describe('national layouts and state codes', () => {
  const PRT = ['I<PRT0000414022<ZZ70<<<<<<<<<<', '8010100M2012294PRT<<<<<<<<<<<2', 'MIGUEL<<SOPHIA<<<<<<<<<<<<<<<<'];

  it("reads a Portuguese card's long document number with its check digit at position 19", () => {
    const r = parseMrz(PRT, { now: NOW });
    expect(r?.valid).toBe(true);
    expect(r?.fields.documentNumber).toBe('0000414022ZZ');
    expect(r?.checks.find((c) => c.name === 'documentNumber')).toMatchObject({ valid: true, digit: '7', layout: 'national-long-number' });
    expect(r?.corrections).toEqual([]);
  });

  it('does not try the national layout for other issuers', () => {
    const other = [PRT[0]!.replace('PRT', 'ESP'), PRT[1]!.replace('PRT', 'ESP'), PRT[2]!];
    const r = parseMrz(other, { now: NOW, repair: false });
    expect(r?.valid).toBe(false);
    expect(r?.checks.find((c) => c.name === 'documentNumber')).toMatchObject({ valid: false, digit: '2', expected: '3' });
  });

  it('keeps the ICAO long-number reading where it passes', () => {
    const r = parseMrz(['I<PRT007777779<ZZ92<<<<<<<<<<<', '8303143M3405282PRT<<<<<<<<<<<2', 'CACADOR<DE<ARAUJO<<ANDRE<ESTEV'], { now: NOW });
    expect(r?.fields.documentNumber).toBe('007777779ZZ9');
    expect(r?.checks.find((c) => c.name === 'documentNumber')?.layout).toBeUndefined();
  });

  it('reports the specimen state apart from validity, and < as sex X', () => {
    const r = parseMrz(TD3, { now: NOW });
    expect(r?.valid).toBe(true);
    expect(r?.stateCodes).toEqual({ issuingState: 'specimen', nationality: 'specimen' });
    const de = parseMrz(['IDD<<T010089212<<<<<<<<<<<<<<<', '6408125<2010315D<<<<<<<<<<<<<6', 'MUSTERMANN<<ERIKA<<<<<<<<<<<<<'], { now: NOW });
    expect(de?.stateCodes).toEqual({ issuingState: 'known', nationality: 'known' });
    expect(de?.fields.sex).toBe('X');
    const unknown = parseMrz([TD3[0]!.replace('UTO', 'QQQ'), TD3[1]!.replace('UTO', 'QQQ')], { now: NOW, repair: false });
    expect(unknown?.stateCodes).toEqual({ issuingState: 'unknown', nationality: 'unknown' });
  });
});
