import type { DocumentFields, DocumentType } from '../types.js';
import type { VizLine } from './text-lines.js';

/** What a visual-zone layout read from a document. */
export interface LayoutReading {
  readonly layout: string;
  readonly documentType: DocumentType;
  /** ISO alpha-3. */
  readonly country: string;
  readonly fields: Partial<DocumentFields>;
  /** Lines the values came from (their OCR confidence is the reading's confidence). */
  readonly sourceLines: readonly VizLine[];
}

/** A per-country document layout: how to recognise it and where its fields are. */
export interface DocumentLayout {
  readonly id: string;
  /** ISO alpha-3 country. */
  readonly country: string;
  /** 0 when the text is not this document; higher is a stronger match. */
  detect(text: string): number;
  extract(lines: readonly VizLine[], text: string): LayoutReading;
}

/** Keeps letters, spaces, hyphens and apostrophes of a name; null when nothing is left. */
export function cleanName(s: string | undefined | null): string | null {
  if (!s) return null;
  const v = s
    .replace(/[^A-Z' -]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return v.length >= 2 ? v : null;
}

/** A licence or document number: the longest token with digits (letters, digits, dashes and inner spaces kept). */
export function cleanNumber(s: string | undefined | null, minLength = 5): string | null {
  if (!s) return null;
  const tokens = s.match(/[A-Z0-9][A-Z0-9\-.]*[A-Z0-9]/g) ?? [];
  const withDigits = tokens.filter((t) => /[0-9]/.test(t) && t.replace(/[.-]/g, '').length >= minLength);
  if (withDigits.length === 0) return null;
  return withDigits.sort((a, b) => b.length - a.length)[0]!.replace(/\./g, '');
}

/** Counts how many of the patterns occur in the text (a detection score). */
export function countMatches(text: string, patterns: readonly RegExp[]): number {
  return patterns.reduce((n, p) => n + (p.test(text) ? 1 : 0), 0);
}

/** Earliest date before `now` at least 10 years back (birth) and the latest date (expiry) among candidates. */
export function pickBirthAndExpiry(dates: readonly string[], now = new Date()): { birth: string | null; expiry: string | null } {
  const today = now.toISOString().slice(0, 10);
  const tenYearsAgo = `${now.getUTCFullYear() - 10}${today.slice(4)}`;
  const sorted = [...new Set(dates)].sort();
  const birth = sorted.find((d) => d <= tenYearsAgo) ?? null;
  const later = sorted.filter((d) => d > (birth ?? '0000'));
  return { birth, expiry: later.length > 0 ? later[later.length - 1]! : null };
}
