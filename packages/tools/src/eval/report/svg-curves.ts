import { probit } from '../metrics/det-scale.js';
import type { RocPoint } from '../metrics/roc.js';

/** What a curve plot shows. */
export interface CurvePlot {
  readonly title: string;
  readonly roc: readonly RocPoint[];
  /** The configured threshold, marked with a dot. */
  readonly threshold: number | null;
  /** Axis names of the two classes, e.g. `{ positive: 'genuine pairs', negative: 'impostor pairs' }`. */
  readonly classes: { readonly positive: string; readonly negative: string };
}

const W = 520;
const H = 440;
const M = { left: 62, right: 18, top: 36, bottom: 52 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function n(x: number): string {
  return (Math.round(x * 10) / 10).toString();
}

/** The ROC point of a threshold: the loosest point that still has score >= threshold accepted. */
export function pointAtThreshold(roc: readonly RocPoint[], threshold: number): RocPoint | null {
  let at: RocPoint | null = null;
  for (const p of roc) if (p.threshold >= threshold) at = p;
  return at ?? roc[0] ?? null;
}

function frame(title: string, xLabel: string, yLabel: string, body: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
    `<rect width="${W}" height="${H}" fill="#fff"/>`,
    `<text x="${W / 2}" y="20" text-anchor="middle" font-size="14" font-weight="bold">${esc(title)}</text>`,
    `<rect x="${M.left}" y="${M.top}" width="${PW}" height="${PH}" fill="none" stroke="#333"/>`,
    body,
    `<text x="${M.left + PW / 2}" y="${H - 12}" text-anchor="middle">${esc(xLabel)}</text>`,
    `<text transform="translate(16 ${M.top + PH / 2}) rotate(-90)" text-anchor="middle">${esc(yLabel)}</text>`,
    '</svg>',
    '',
  ].join('\n');
}

/**
 * An SVG ROC curve (TAR against FAR, linear axes) with the configured threshold marked.
 *
 * @example
 * ```ts
 * writeFileSync('faces-roc.svg', rocSvg({ title: 'Faces ROC', roc, threshold: 0.35, classes }));
 * ```
 */
export function rocSvg(plot: CurvePlot): string {
  const x = (far: number) => M.left + far * PW;
  const y = (tar: number) => M.top + (1 - tar) * PH;
  const parts: string[] = [];
  for (const t of [0, 0.2, 0.4, 0.6, 0.8, 1]) {
    parts.push(`<line x1="${n(x(t))}" y1="${M.top}" x2="${n(x(t))}" y2="${M.top + PH}" stroke="#ddd"/>`);
    parts.push(`<line x1="${M.left}" y1="${n(y(t))}" x2="${M.left + PW}" y2="${n(y(t))}" stroke="#ddd"/>`);
    parts.push(`<text x="${n(x(t))}" y="${M.top + PH + 16}" text-anchor="middle">${t}</text>`);
    parts.push(`<text x="${M.left - 6}" y="${n(y(t) + 4)}" text-anchor="end">${t}</text>`);
  }
  parts.push(`<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#bbb" stroke-dasharray="4 4"/>`);
  parts.push(`<polyline fill="none" stroke="#1f6feb" stroke-width="2" points="${plot.roc.map((p) => `${n(x(p.far))},${n(y(p.tar))}`).join(' ')}"/>`);
  if (plot.threshold !== null) {
    const p = pointAtThreshold(plot.roc, plot.threshold);
    if (p) {
      parts.push(`<circle cx="${n(x(p.far))}" cy="${n(y(p.tar))}" r="5" fill="#d1242f"/>`);
      parts.push(`<text x="${n(Math.min(x(p.far) + 8, M.left + PW - 150))}" y="${n(Math.min(y(p.tar) + 16, M.top + PH - 6))}" fill="#d1242f">threshold ${plot.threshold}</text>`);
    }
  }
  return frame(plot.title, `false accept rate (${plot.classes.negative} accepted)`, `true accept rate (${plot.classes.positive} accepted)`, parts.join('\n'));
}

const DET_TICKS = [0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8];
const DET_MIN = 0.0005;
const DET_MAX = 0.9;

/**
 * An SVG DET curve: FRR against FAR, both on normal-deviate (probit) scales from 0.05% to 90%; rates of 0
 * are drawn on the lower edge.
 *
 * @example
 * ```ts
 * writeFileSync('faces-det.svg', detSvg({ title: 'Faces DET', roc, threshold: 0.35, classes }));
 * ```
 */
export function detSvg(plot: CurvePlot): string {
  const lo = probit(DET_MIN);
  const hi = probit(DET_MAX);
  const s = (r: number) => (probit(Math.min(DET_MAX, Math.max(DET_MIN, r))) - lo) / (hi - lo);
  const x = (far: number) => M.left + s(far) * PW;
  const y = (frr: number) => M.top + (1 - s(frr)) * PH;
  const pct = (t: number) => `${Math.round(t * 1000) / 10}%`;
  const parts: string[] = [];
  for (const t of DET_TICKS) {
    parts.push(`<line x1="${n(x(t))}" y1="${M.top}" x2="${n(x(t))}" y2="${M.top + PH}" stroke="#ddd"/>`);
    parts.push(`<line x1="${M.left}" y1="${n(y(t))}" x2="${M.left + PW}" y2="${n(y(t))}" stroke="#ddd"/>`);
    parts.push(`<text x="${n(x(t))}" y="${M.top + PH + 16}" text-anchor="middle" font-size="10">${pct(t)}</text>`);
    parts.push(`<text x="${M.left - 6}" y="${n(y(t) + 4)}" text-anchor="end" font-size="10">${pct(t)}</text>`);
  }
  parts.push(`<line x1="${n(x(DET_MIN))}" y1="${n(y(DET_MIN))}" x2="${n(x(DET_MAX))}" y2="${n(y(DET_MAX))}" stroke="#bbb" stroke-dasharray="4 4"/>`);
  parts.push(`<polyline fill="none" stroke="#1f6feb" stroke-width="2" points="${plot.roc.map((p) => `${n(x(p.far))},${n(y(p.frr))}`).join(' ')}"/>`);
  if (plot.threshold !== null) {
    const p = pointAtThreshold(plot.roc, plot.threshold);
    if (p) {
      parts.push(`<circle cx="${n(x(p.far))}" cy="${n(y(p.frr))}" r="5" fill="#d1242f"/>`);
      parts.push(`<text x="${n(Math.min(x(p.far) + 8, M.left + PW - 150))}" y="${n(Math.max(y(p.frr) - 8, M.top + 14))}" fill="#d1242f">threshold ${plot.threshold}</text>`);
    }
  }
  return frame(plot.title, `false accept rate (${plot.classes.negative}), probit scale`, `false reject rate (${plot.classes.positive}), probit scale`, parts.join('\n'));
}
