import type { VizLine } from './text-lines.js';

/** Where to look for a label's value. */
export type ValuePlace = 'right' | 'below' | 'above';

export interface LabelValue {
  readonly value: string;
  readonly line: VizLine;
  readonly place: ValuePlace;
}

function lineHeight(l: VizLine): number {
  return Math.max(4, l.y1 - l.y0);
}

/** Strips separators left between a label and its value (`:`, `/`, `.`, dashes). */
function stripLead(s: string): string {
  return s.replace(/^[\s:;.,/\\\-–_]+/, '').trim();
}

/** True when a text is only labels (so it is not a value). */
function looksLikeLabel(s: string, otherLabels: RegExp | undefined): boolean {
  if (!otherLabels) return false;
  const any = new RegExp(otherLabels.source);
  const all = new RegExp(otherLabels.source, 'g');
  return any.test(s) && s.replace(all, '').replace(/[\s/:.]/g, '').length < 3;
}

/**
 * Finds a label (regular expression on normalised text) and returns its value: the rest of the label's
 * line when there is one, else the nearest line below (or above) overlapping the label horizontally.
 * `valueTest` filters acceptable values (e.g. a date); `otherLabels` marks lines that are labels themselves.
 *
 * @example
 * ```ts
 * labelValue(lines, /\bNOME\b/, { places: ['below'] })?.value; // 'JOSE DA SILVA'
 * ```
 */
export function labelValue(
  lines: readonly VizLine[],
  label: RegExp,
  opts: { places?: readonly ValuePlace[]; valueTest?: (v: string) => boolean; otherLabels?: RegExp } = {},
): LabelValue | null {
  const places = opts.places ?? ['right', 'below'];
  const ok = (v: string) => v.length > 0 && !looksLikeLabel(v, opts.otherLabels) && (opts.valueTest ? opts.valueTest(v) : true);
  for (const line of lines) {
    const m = label.exec(line.norm);
    if (!m) continue;
    for (const place of places) {
      if (place === 'right') {
        const rest = stripLead(line.norm.slice(m.index + m[0].length));
        if (ok(rest)) return { value: rest, line, place };
        continue;
      }
      const h = lineHeight(line);
      const near = lines
        .filter((o) => o !== line)
        .filter((o) => (place === 'below' ? o.y0 >= line.y0 + 0.5 * h && o.y0 <= line.y1 + 2.2 * h : o.y1 <= line.y1 - 0.5 * h && o.y1 >= line.y0 - 2.2 * h))
        .filter((o) => o.x1 >= line.x0 - 2 * h && o.x0 <= line.x0 + Math.max(8 * h, line.x1 - line.x0))
        .sort((a, b) => Math.abs(a.y0 - line.y0) - Math.abs(b.y0 - line.y0));
      for (const o of near) if (ok(o.norm)) return { value: o.norm, line: o, place };
    }
  }
  return null;
}

/**
 * Numbered fields of the EU driving-licence model (Directive 2006/126/EC) and AAMVA cards:
 * `1.` surname, `2.` given names, `3.` birth date, `4a.` issue, `4b.` expiry, `4c.` authority, `4d.` number, `5.` licence number.
 * Returns the text after each number (OCR may read 1 as l or I).
 *
 * @example
 * ```ts
 * numberedFields(lines)['4b']; // '19.01.2033'
 * ```
 */
export function numberedFields(lines: readonly VizLine[]): Record<string, { value: string; line: VizLine }> {
  const out: Record<string, { value: string; line: VizLine }> = {};
  const re = /(?:^|\s)([1lI2345])([ABCDabcd])?\s?[.,]\s?(?=\S)/g;
  for (const line of lines) {
    const hits: { key: string; start: number; end: number }[] = [];
    for (let m = re.exec(line.norm); m; m = re.exec(line.norm)) {
      const num = m[1]!.replace(/[lI]/, '1');
      const key = num + (m[2] ? m[2].toLowerCase() : '');
      hits.push({ key, start: m.index, end: m.index + m[0].length });
    }
    re.lastIndex = 0;
    for (let i = 0; i < hits.length; i++) {
      const h = hits[i]!;
      const value = line.norm.slice(h.end, i + 1 < hits.length ? hits[i + 1]!.start : undefined).trim();
      if (value && !(h.key in out)) out[h.key] = { value, line };
    }
  }
  return out;
}
