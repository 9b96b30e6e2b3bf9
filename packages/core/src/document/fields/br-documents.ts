import { labelValue } from './labels.js';
import { type DocumentLayout, cleanName, cleanNumber, countMatches, pickBirthAndExpiry } from './layout.js';
import { type VizLine, findDates, parseSexText } from './text-lines.js';

const LABELS = /\b(NOME|DOC\.? IDENTIDADE|CPF|DATA|NASCIMENTO|FILIACAO|VALIDADE|REGISTRO|HABILITACAO|PERMISSAO|CAT\.? HAB|ACC|ORG\.? EMISSOR|UF|LOCAL)\b/g;

/** Splits a Brazilian full name: the first word is the given name, the rest the family names. */
export function splitFullName(full: string | null): { firstName: string | null; lastName: string | null } {
  if (!full) return { firstName: null, lastName: null };
  const words = full.split(' ').filter(Boolean);
  if (words.length === 1) return { firstName: null, lastName: words[0]! };
  return { firstName: words[0]!, lastName: words.slice(1).join(' ') };
}

/**
 * Brazilian CNH (Carteira Nacional de Habilitação) and RG: labels NOME, DATA NASCIMENTO, VALIDADE,
 * Nº REGISTRO, CPF, with values below their labels; dates day first.
 */
export const brDocuments: DocumentLayout = {
  id: 'br-cnh',
  country: 'BRA',
  detect: (text) => {
    const n = countMatches(text, [/HABILITACAO/, /REPUBLICA FEDERATIVA DO BRASIL|BRASIL/, /DETRAN|DENATRAN|SENATRAN/, /REGISTRO GERAL|CARTEIRA DE IDENTIDADE/, /\bCPF\b/, /FILIACAO/]);
    return n >= 1 ? n * 2 : 0;
  },
  extract: (lines, text) => {
    const used: VizLine[] = [];
    const isDate = (v: string) => findDates(v, 'DMY').length > 0;
    const name = labelValue(lines, /\bNOME\b/, { places: ['below', 'right'], otherLabels: LABELS, valueTest: (v) => cleanName(v) !== null && !/[0-9]{3}/.test(v) });
    const dob = labelValue(lines, /NASCIMENTO/, { places: ['below', 'right'], valueTest: isDate });
    const exp = labelValue(lines, /VALIDADE/, { places: ['below', 'right'], valueTest: isDate });
    const reg = labelValue(lines, /REGISTRO|N[O°º] ?REG/, { places: ['below', 'right'], valueTest: (v) => /[0-9]{9,11}/.test(v.replace(/\s/g, '')) });
    const cpf = labelValue(lines, /\bCPF\b/, { places: ['below', 'right'], valueTest: (v) => /[0-9]{3}\.?[0-9]{3}\.?[0-9]{3}-?[0-9]{2}/.test(v) });
    const rg = labelValue(lines, /REGISTRO GERAL|DOC\.? IDENTIDADE/, { places: ['below', 'right'], valueTest: (v) => cleanNumber(v, 5) !== null });
    const sex = labelValue(lines, /\bSEXO\b/, { places: ['right', 'below'], valueTest: (v) => parseSexText(v.split(' ')[0] ?? '') !== null });
    for (const v of [name, dob, exp, reg, cpf, rg, sex]) if (v) used.push(v.line);
    const full = cleanName(name?.value);
    const picked = pickBirthAndExpiry(findDates(text, 'DMY'));
    const isLicence = /HABILITACAO|PERMISSAO PARA DIRIGIR|DETRAN|DENATRAN|SENATRAN/.test(text);
    const number = isLicence ? (reg ? (reg.value.replace(/\s/g, '').match(/[0-9]{9,11}/)?.[0] ?? null) : null) : cleanNumber(rg?.value, 5);
    return {
      layout: 'br-cnh',
      documentType: isLicence ? 'DRIVERS_LICENSE' : 'ID_CARD',
      country: 'BRA',
      fields: {
        ...splitFullName(full),
        dateOfBirth: (dob ? findDates(dob.value, 'DMY')[0] : null) ?? picked.birth,
        expiryDate: (exp ? findDates(exp.value, 'DMY')[0] : null) ?? (isLicence ? picked.expiry : null),
        documentNumber: number ?? (cpf ? cpf.value.match(/[0-9]{3}\.?[0-9]{3}\.?[0-9]{3}-?[0-9]{2}/)![0] : null),
        sex: sex ? parseSexText(sex.value.split(' ')[0] ?? '') : null,
        nationality: 'BRA',
      },
      sourceLines: used,
    };
  },
};
