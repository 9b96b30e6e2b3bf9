import { describe, expect, it } from 'vitest';
import { parseAamva } from '../barcode/aamva.js';
import { type OcrTextLine, extractFields } from './extract-fields.js';
import { findDates, parseSexText } from './text-lines.js';

/** OCR lines laid out top to bottom, 40 px apart, starting at x (a stand-in for Tesseract's output). */
function page(rows: readonly (string | [string, number])[]): OcrTextLine[] {
  return rows.map((r, i) => {
    const [text, x] = typeof r === 'string' ? [r, 20] : r;
    return { text, confidence: 0.9, bbox: { x0: x, y0: 20 + i * 40, x1: x + text.length * 14, y1: 20 + i * 40 + 24 } };
  });
}

describe('findDates', () => {
  it('reads numeric, worded and compact dates in the document order', () => {
    expect(findDates('DOB 08/31/1977', 'MDY')).toEqual(['1977-08-31']);
    expect(findDates('3. 11.03.1976', 'DMY')).toEqual(['1976-03-11']);
    expect(findDates('12 AUG/AOUT 74', 'DMY')).toEqual(['1974-08-12']);
    expect(findDates('22 DE FEVEREIRO DE 1990', 'DMY')).toEqual(['1990-02-22']);
    expect(findDates('1990-02-22 and 2031/05/10', 'DMY')).toEqual(['1990-02-22', '2031-05-10']);
    expect(findDates('O1/O2/2OOO', 'DMY')).toEqual(['2000-02-01']);
    expect(findDates('31/02/2000', 'DMY')).toEqual([]);
  });
  it('reads sex words', () => {
    expect(parseSexText('FEMENINO')).toBe('F');
    expect(parseSexText('M')).toBe('M');
    expect(parseSexText('?')).toBeNull();
  });
});

describe('extractFields (per-country layouts)', () => {
  it('Mexican INE: three name lines, SEXO H is male, VIGENCIA year', () => {
    const r = extractFields(
      page(['INSTITUTO NACIONAL ELECTORAL', 'MEXICO CREDENCIAL PARA VOTAR', 'NOMBRE', 'HERNANDEZ', 'LOPEZ', 'JUAN CARLOS', 'FECHA DE NACIMIENTO 15/07/1988', 'SEXO H', 'CLAVE DE ELECTOR HRLPJN88071509H400', 'VIGENCIA 2020 - 2030']),
    );
    expect(r?.country).toBe('MEX');
    expect(r?.fields).toMatchObject({ lastName: 'HERNANDEZ LOPEZ', firstName: 'JUAN CARLOS', dateOfBirth: '1988-07-15', sex: 'M', expiryDate: '2030-12-31', documentNumber: 'HRLPJN88071509H400' });
  });

  it('Colombian cédula: values printed above their labels', () => {
    const r = extractFields(page(['REPUBLICA DE COLOMBIA', 'IDENTIFICACION PERSONAL CEDULA DE CIUDADANIA', 'NUMERO 1.020.304.050', 'PEREZ GOMEZ', 'APELLIDOS', 'ANA MARIA', 'NOMBRES']));
    expect(r?.country).toBe('COL');
    expect(r?.fields).toMatchObject({ lastName: 'PEREZ GOMEZ', firstName: 'ANA MARIA', documentNumber: '1020304050' });
  });

  it('Portuguese citizen card: spaced dates and the document number', () => {
    const r = extractFields(
      page(['REPUBLICA PORTUGUESA', 'CARTAO DE CIDADAO', 'APELIDO(S)', 'SOUSA', 'NOME(S)', 'MARIA INES', 'SEXO', 'F', 'DATA DE NASCIMENTO', '05 10 1992', 'N.º DOCUMENTO', '12345678 9 ZZ1', 'DATA DE VALIDADE', '01 02 2030']),
    );
    expect(r?.country).toBe('PRT');
    expect(r?.fields).toMatchObject({ lastName: 'SOUSA', firstName: 'MARIA INES', sex: 'F', dateOfBirth: '1992-10-05', expiryDate: '2030-02-01', documentNumber: '123456789ZZ1' });
  });

  it('returns null for text of no known document', () => {
    expect(extractFields(page(['5412 7512 3412 3456', 'VALID THRU 12/23', 'LEE M CARDHOLDER']))).toBeNull();
  });
});

describe('parseAamva', () => {
  it('reads version-1 full names and Canadian year-first dates', () => {
    const v1 = parseAamva('@\n\x1e\rANSI 6360100101DL00290180DLDAAPUBLIC,JOHN,Q\nDAQ123456789\nDBB19700115\nDBA20300115\nDBCM\r');
    expect(v1).toMatchObject({ lastName: 'PUBLIC', firstName: 'JOHN', middleName: 'Q', dateOfBirth: '1970-01-15', expiryDate: '2030-01-15', sex: 'M' });
    const ca = parseAamva('@\n\x1e\rANSI 636012080002DL00410200DLDAQA1234-56789-01234\nDCSMARTIN\nDACLUC\nDBB19850704\nDBA20290704\nDBC1\nDCGCAN\r');
    expect(ca).toMatchObject({ country: 'CAN', dateOfBirth: '1985-07-04', expiryDate: '2029-07-04', documentNumber: 'A1234-56789-01234' });
  });
});
