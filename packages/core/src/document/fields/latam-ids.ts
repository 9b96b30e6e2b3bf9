import { splitFullName } from './br-documents.js';
import { labelValue } from './labels.js';
import { type DocumentLayout, type LayoutReading, cleanName, cleanNumber, countMatches, pickBirthAndExpiry } from './layout.js';
import { type VizLine, findDates, parseSexText } from './text-lines.js';

const LABELS = /\b(APELLIDOS?|NOMBRES?|SURNAME|NAME|SEXO|SEX|NACIONALIDAD|NATIONALITY|FECHA|DATE|DOCUMENTO|DOCUMENT|EJEMPLAR|TRAMITE|NUMERO|DOMICILIO|CLAVE|CURP|VIGENCIA|ESTATURA|LUGAR)\b/g;

function read(lines: readonly VizLine[], label: RegExp, test?: (v: string) => boolean, places: ('right' | 'below' | 'above')[] = ['below', 'right']) {
  return labelValue(lines, label, { places, otherLabels: LABELS, valueTest: test });
}

const isDate = (v: string) => findDates(v, 'DMY').length > 0;
const isName = (v: string) => cleanName(v) !== null && !/[0-9]{2}/.test(v);

function reading(layout: string, country: string, documentType: LayoutReading['documentType'], fields: LayoutReading['fields'], found: ({ line: VizLine } | null)[]): LayoutReading {
  return { layout, country, documentType, fields, sourceLines: found.filter((f): f is { line: VizLine } => f !== null).map((f) => f.line) };
}

/** Argentine DNI (and national licence): APELLIDO / NOMBRE / SEXO / FECHA DE NACIMIENTO / FECHA DE VENCIMIENTO / DOCUMENTO. */
export const arDocuments: DocumentLayout = {
  id: 'ar-dni',
  country: 'ARG',
  detect: (text) => {
    const n = countMatches(text, [/REPUBLICA ARGENTINA|ARGENTINA/, /RENAPER|REGISTRO NACIONAL DE LAS PERSONAS/, /DOCUMENTO NACIONAL DE IDENTIDAD/, /LICENCIA NACIONAL DE CONDUCIR/]);
    return n >= 1 ? n * 2 + 1 : 0;
  },
  extract: (lines, text) => {
    const ln = read(lines, /\bAPELLIDOS?\b/, isName);
    const fn = read(lines, /\bNOMBRES?\b/, isName);
    const sex = read(lines, /\bSEXO\b/, (v) => parseSexText(v.split(' ')[0] ?? '') !== null);
    const dob = read(lines, /NACIMIENTO/, isDate);
    const exp = read(lines, /VENCIMIENTO|EXPIRY/, isDate);
    const num = read(lines, /\bDOCUMENTO\b|\bDOCUMENT\b|\bDNI\b/, (v) => /[0-9]{1,2}\.?[0-9]{3}\.?[0-9]{3}/.test(v));
    const picked = pickBirthAndExpiry(findDates(text, 'DMY'));
    const licence = /LICENCIA|CONDUCIR/.test(text);
    return reading(
      'ar-dni',
      'ARG',
      licence ? 'DRIVERS_LICENSE' : 'ID_CARD',
      {
        lastName: cleanName(ln?.value),
        firstName: cleanName(fn?.value),
        sex: sex ? parseSexText(sex.value.split(' ')[0] ?? '') : null,
        dateOfBirth: (dob ? findDates(dob.value, 'DMY')[0] : null) ?? picked.birth,
        expiryDate: (exp ? findDates(exp.value, 'DMY')[0] : null) ?? picked.expiry,
        documentNumber: num ? (num.value.match(/[0-9]{1,2}\.?[0-9]{3}\.?[0-9]{3}/)?.[0].replace(/\./g, '') ?? null) : null,
        nationality: /ARGENTINA/.test(text) ? 'ARG' : null,
      },
      [ln, fn, sex, dob, exp, num],
    );
  },
};

/** Colombian cédula de ciudadanía (values above their labels on the yellow card, below on the digital one) and licences. */
export const coDocuments: DocumentLayout = {
  id: 'co-cedula',
  country: 'COL',
  detect: (text) => {
    const n = countMatches(text, [/REPUBLICA DE COLOMBIA|COLOMBIA/, /CEDULA DE CIUDADANIA/, /IDENTIFICACION PERSONAL/, /REGISTRADURIA/, /LICENCIA DE CONDUCCION/]);
    return n >= 1 ? n * 2 + 1 : 0;
  },
  extract: (lines, text) => {
    const ln = read(lines, /\bAPELLIDOS\b/, isName, ['above', 'below', 'right']);
    const fn = read(lines, /\bNOMBRES\b/, isName, ['above', 'below', 'right']);
    const num = read(lines, /\bNUMERO\b|\bNO\.?\b|\bNUIP\b/, (v) => /[0-9]{1,3}(\.?[0-9]{3}){2,3}/.test(v), ['right', 'below']);
    const dob = read(lines, /NACIMIENTO/, isDate, ['below', 'right', 'above']);
    const exp = read(lines, /VENCIMIENTO|VALIDA HASTA|EXPIRA/, isDate, ['below', 'right']);
    const sex = read(lines, /\bSEXO\b/, (v) => parseSexText(v.split(' ')[0] ?? '') !== null, ['right', 'below', 'above']);
    const licence = /LICENCIA/.test(text);
    const picked = pickBirthAndExpiry(findDates(text, 'DMY'));
    return reading(
      'co-cedula',
      'COL',
      licence ? 'DRIVERS_LICENSE' : 'ID_CARD',
      {
        lastName: cleanName(ln?.value),
        firstName: cleanName(fn?.value),
        documentNumber: num ? (num.value.match(/[0-9]{1,3}(\.?[0-9]{3}){2,3}/)?.[0].replace(/\./g, '') ?? null) : null,
        dateOfBirth: (dob ? findDates(dob.value, 'DMY')[0] : null) ?? picked.birth,
        expiryDate: (exp ? findDates(exp.value, 'DMY')[0] : null) ?? (licence ? picked.expiry : null),
        sex: sex ? parseSexText(sex.value.split(' ')[0] ?? '') : null,
        nationality: 'COL',
      },
      [ln, fn, num, dob, exp, sex],
    );
  },
};

/** Mexican INE/IFE voter card (NOMBRE with 3 lines: paternal surname, maternal surname, given names; SEXO H/M) and licences. */
export const mxDocuments: DocumentLayout = {
  id: 'mx-ine',
  country: 'MEX',
  detect: (text) => {
    const n = countMatches(text, [/INSTITUTO NACIONAL ELECTORAL|INSTITUTO FEDERAL ELECTORAL/, /CREDENCIAL PARA VOTAR/, /MEXICO/, /CLAVE DE ELECTOR/, /\bCURP\b/]);
    return n >= 1 ? n * 2 : 0;
  },
  extract: (lines, text) => {
    const nameLabel = lines.find((l) => /\bNOMBRE\b/.test(l.norm));
    let lastName: string | null = null;
    let firstName: string | null = null;
    const found: ({ line: VizLine } | null)[] = [];
    if (nameLabel) {
      const h = Math.max(4, nameLabel.y1 - nameLabel.y0);
      const below = lines
        .filter((l) => l.y0 > nameLabel.y0 + 0.5 * h && l.y0 < nameLabel.y1 + 5 * h && Math.abs(l.x0 - nameLabel.x0) < 4 * h)
        .filter((l) => isName(l.norm.split(/\s{2,}/)[0] ?? ''))
        .slice(0, 3);
      if (below.length >= 2) {
        lastName = cleanName(below.slice(0, below.length - 1).map((l) => l.norm).join(' '));
        firstName = cleanName(below[below.length - 1]!.norm);
        for (const l of below) found.push({ line: l });
      } else if (below.length === 1) {
        ({ firstName, lastName } = splitFullName(cleanName(below[0]!.norm)));
        found.push({ line: below[0]! });
      }
    }
    const dob = read(lines, /NACIMIENTO/, isDate, ['right', 'below']);
    const sex = read(lines, /\bSEXO\b/, (v) => /^[HM]\b/.test(v), ['right', 'below']);
    const vig = read(lines, /VIGENCIA/, (v) => /(19|20)[0-9]{2}/.test(v), ['right', 'below']);
    const key = read(lines, /CLAVE DE ELECTOR/, (v) => /[A-Z]{6}[0-9]{8}[HM][0-9]{3}/.test(v.replace(/\s/g, '')), ['right', 'below']);
    const curp = read(lines, /\bCURP\b/, (v) => /[A-Z]{4}[0-9]{6}[HM][A-Z]{5}[A-Z0-9][0-9]/.test(v.replace(/\s/g, '')), ['right', 'below']);
    found.push(dob, sex, vig, key, curp);
    const years = vig?.value.match(/(19|20)[0-9]{2}/g) ?? [];
    const licence = /LICENCIA/.test(text);
    return reading(
      'mx-ine',
      'MEX',
      licence ? 'DRIVERS_LICENSE' : 'ID_CARD',
      {
        lastName,
        firstName,
        dateOfBirth: dob ? (findDates(dob.value, 'DMY')[0] ?? null) : null,
        // INE: H = hombre (male), M = mujer (female).
        sex: sex ? (sex.value.startsWith('H') ? 'M' : 'F') : null,
        expiryDate: years.length > 0 ? `${years[years.length - 1]}-12-31` : null,
        documentNumber: key ? key.value.replace(/\s/g, '').match(/[A-Z]{6}[0-9]{8}[HM][0-9]{3}/)![0] : (cleanNumber(curp?.value, 10) ?? null),
        nationality: 'MEX',
      },
      found,
    );
  },
};
