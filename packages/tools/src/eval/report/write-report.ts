import { mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, relative } from 'node:path';
import type { EvalReport } from '../types.js';
import { type CurveLinks, evalMarkdown } from './markdown.js';
import { detSvg, rocSvg } from './svg-curves.js';

const CURVE_TITLES: Record<string, string> = { faces: 'Face match', liveness: 'Passive liveness' };

/**
 * Writes the ROC and DET SVGs of every section with curves into `dir`, named `<prefix>-<section>-roc.svg` and
 * `-det.svg`, and returns their paths relative to `relativeTo` (for markdown links).
 *
 * @example
 * ```ts
 * const links = writeCurveSvgs(report, 'out', 'r', 'out'); // { faces: { roc: 'r-faces-roc.svg', det: 'r-faces-det.svg' } }
 * ```
 */
export function writeCurveSvgs(report: EvalReport, dir: string, prefix: string, relativeTo: string): CurveLinks {
  const links: CurveLinks = {};
  for (const s of Object.values(report.sections)) {
    if (!s?.curves) continue;
    mkdirSync(dir, { recursive: true });
    const plot = { roc: s.curves.roc, threshold: s.curves.threshold, classes: s.curves.classes };
    const title = CURVE_TITLES[s.name] ?? s.name;
    const roc = join(dir, `${prefix}-${s.name}-roc.svg`);
    const det = join(dir, `${prefix}-${s.name}-det.svg`);
    writeFileSync(roc, rocSvg({ ...plot, title: `${title} ROC` }));
    writeFileSync(det, detSvg({ ...plot, title: `${title} DET` }));
    links[s.name] = { roc: relative(relativeTo, roc), det: relative(relativeTo, det) };
  }
  return links;
}

/**
 * Writes the JSON and/or the markdown report (with its SVG curves next to it) of an evaluation run.
 *
 * @example
 * ```ts
 * writeEvalOutputs(report, { json: 'r.json', markdown: 'r.md' }); // also r-faces-roc.svg, r-faces-det.svg, ...
 * ```
 */
export function writeEvalOutputs(report: EvalReport, out: { json?: string; markdown?: string }): string[] {
  const written: string[] = [];
  if (out.json) {
    mkdirSync(dirname(out.json), { recursive: true });
    writeFileSync(out.json, `${JSON.stringify(report, null, 2)}\n`);
    written.push(out.json);
  }
  if (out.markdown) {
    const dir = dirname(out.markdown);
    mkdirSync(dir, { recursive: true });
    const prefix = basename(out.markdown, extname(out.markdown));
    const links = writeCurveSvgs(report, dir, prefix, dir);
    writeFileSync(out.markdown, evalMarkdown(report, links));
    written.push(out.markdown, ...Object.values(links).flatMap((l) => (l ? [join(dir, l.roc), join(dir, l.det)] : [])));
  }
  return written;
}
