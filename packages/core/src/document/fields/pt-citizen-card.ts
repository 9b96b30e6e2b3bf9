import { labelValue } from './labels.js';
import { type DocumentLayout, cleanName, countMatches } from './layout.js';
import { type VizLine, findDates, parseSexText } from './text-lines.js';

const LABELS = /\b(APELIDOS?|NOMES?|SURNAME|GIVEN NAMES|SEXO|SEX|ALTURA|HEIGHT|NACIONALIDADE|NATIONALITY|DATA|DATE|DOCUMENTO|DOCUMENT|VALIDADE|EXPIRY)\b/g;

/** Portuguese Cartão de Cidadão: APELIDO(S), NOME(S), SEXO, DATA DE NASCIMENTO, N.º DOCUMENTO, DATA DE VALIDADE (dates "DD MM YYYY"). */
export const ptCitizenCard: DocumentLayout = {
  id: 'pt-cc',
  country: 'PRT',
  detect: (text) => {
    const n = countMatches(text, [/REPUBLICA PORTUGUESA/, /CARTAO DE CIDADAO/, /PORTUGAL/, /APELIDO/]);
    return n >= 1 ? n * 2 : 0;
  },
  extract: (lines) => {
    const isName = (v: string) => cleanName(v) !== null && !/[0-9]{2}/.test(v);
    const spacedDate = (v: string) => findDates(v.replace(/([0-9]{2}) ([0-9]{2}) ([0-9]{4})/, '$1/$2/$3'), 'DMY');
    const ln = labelValue(lines, /\bAPELIDOS?\b/, { places: ['below', 'right'], otherLabels: LABELS, valueTest: isName });
    const fn = labelValue(lines, /\bNOMES?\b/, { places: ['below', 'right'], otherLabels: LABELS, valueTest: isName });
    const sex = labelValue(lines, /\bSEXO\b/, { places: ['below', 'right'], otherLabels: LABELS, valueTest: (v) => parseSexText(v.split(' ')[0] ?? '') !== null });
    const dob = labelValue(lines, /NASCIMENTO/, { places: ['below', 'right'], valueTest: (v) => spacedDate(v).length > 0 });
    const exp = labelValue(lines, /VALIDADE/, { places: ['below', 'right'], valueTest: (v) => spacedDate(v).length > 0 });
    const num = labelValue(lines, /DOCUMENTO/, { places: ['below', 'right'], valueTest: (v) => /[0-9]{8}/.test(v.replace(/\s/g, '')) });
    const used = [ln, fn, sex, dob, exp, num].filter((v): v is { value: string; line: VizLine; place: 'right' } => v !== null).map((v) => v.line);
    return {
      layout: 'pt-cc',
      documentType: 'ID_CARD',
      country: 'PRT',
      fields: {
        lastName: cleanName(ln?.value),
        firstName: cleanName(fn?.value),
        sex: sex ? parseSexText(sex.value.split(' ')[0] ?? '') : null,
        dateOfBirth: dob ? (spacedDate(dob.value)[0] ?? null) : null,
        expiryDate: exp ? (spacedDate(exp.value)[0] ?? null) : null,
        documentNumber: num ? (num.value.replace(/\s+/g, ' ').match(/[0-9]{8}( ?[0-9] ?[A-Z]{2}[0-9])?/)?.[0].replace(/\s/g, '') ?? null) : null,
        nationality: 'PRT',
      },
      sourceLines: used,
    };
  },
};
