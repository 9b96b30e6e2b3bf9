import { numberedFields } from './labels.js';
import { type DocumentLayout, cleanName, cleanNumber, countMatches } from './layout.js';
import { findDates } from './text-lines.js';

/** Licence titles in EU languages and the issuing country they name (ISO alpha-3), checked in order. */
const COUNTRIES: readonly [RegExp, string][] = [
  [/UNITED KINGDOM|\bDVLA\b|\bUK\b|GREAT BRITAIN|NORTHERN IRELAND/, 'GBR'],
  [/PORTUGAL|PORTUGUESA|CARTA DE CONDUCAO|\bIMT\b/, 'PRT'],
  [/ESPANA|PERMISO DE CONDUCCION|\bDGT\b/, 'ESP'],
  [/REPUBLIQUE FRANCAISE|PERMIS DE CONDUIRE/, 'FRA'],
  [/BUNDESREPUBLIK|FUHRERSCHEIN|FUEHRERSCHEIN/, 'DEU'],
  [/REPUBBLICA ITALIANA|PATENTE DI GUIDA/, 'ITA'],
  [/NEDERLAND|RIJBEWIJS/, 'NLD'],
  [/IRELAND|CEADUNAS/, 'IRL'],
  [/POLSKA|PRAWO JAZDY/, 'POL'],
];

/**
 * EU-model driving licences (Directive 2006/126/EC; also UK and Portugal): numbered fields 1 surname,
 * 2 given names, 3 birth date (and place), 4a issue, 4b expiry, 4c authority, 5 licence number; dates day first.
 */
export const euLicence: DocumentLayout = {
  id: 'eu-licence',
  country: 'EUR',
  detect: (text) => {
    const title = countMatches(text, [/DRIVING LICEN[CS]E|PERMIS DE CONDUIRE|FUHRERSCHEIN|CARTA DE CONDUCAO|PERMISO DE CONDUCCION|PATENTE DI GUIDA|RIJBEWIJS|PRAWO JAZDY/]);
    const numbered = countMatches(text, [/(^|\s)[1lI]\s?[.,]\s?[A-Z]/, /(^|\s)2\s?[.,]\s?[A-Z]/, /(^|\s)3\s?[.,]\s?[0-9]/, /4[AB]\s?[.,]/, /(^|\s)5\s?[.,]\s?[A-Z0-9]/]);
    return title * 3 + (numbered >= 3 ? numbered : 0);
  },
  extract: (lines, text) => {
    const nf = numberedFields(lines);
    const country = COUNTRIES.find(([re]) => re.test(text))?.[1] ?? 'EUR';
    const date = (k: string) => (nf[k] ? (findDates(nf[k]!.value, 'DMY')[0] ?? null) : null);
    const used = Object.values(nf).map((v) => v.line);
    return {
      layout: 'eu-licence',
      documentType: 'DRIVERS_LICENSE',
      country: country === 'EUR' ? 'EUR' : country,
      fields: {
        lastName: cleanName(nf['1']?.value),
        firstName: cleanName(nf['2']?.value),
        dateOfBirth: date('3'),
        expiryDate: date('4b'),
        documentNumber: cleanNumber(nf['5']?.value, 5) ?? cleanNumber(nf['4d']?.value, 5),
        sex: null,
        nationality: null,
      },
      sourceLines: used,
    };
  },
};
