/**
 * Writes calibrated face-match thresholds into models/manifest.json as text edits of the recognizers' entries,
 * so the file keeps its hand-made layout (one line per field group) and only the calibrated numbers change.
 */
import type { FaceCalibrationReport } from './calibrate-faces.js';

/** The manifest fields one calibration sets, per recognizer id. */
export interface ManifestCalibrationFields {
  readonly [id: string]: {
    readonly matchThreshold?: number;
    readonly reviewThreshold?: number;
    readonly fusion?: { readonly with: string; readonly weights: readonly [number, number]; readonly offset: number; readonly matchThreshold: number; readonly reviewThreshold: number };
  };
}

const r4 = (x: number) => Number(x.toFixed(4));

/**
 * The manifest fields of a calibration: `matchThreshold` and `reviewThreshold` of each recognizer, and the first
 * recognizer's `fusion` when two were fused.
 *
 * @example
 * ```ts
 * manifestFields(report); // { mobilefacenet_128: { matchThreshold: 0.53, reviewThreshold: 0.27, fusion: {...} }, faceapi_recognition: {...} }
 * ```
 */
export function manifestFields(r: FaceCalibrationReport): ManifestCalibrationFields {
  const out: Record<string, { matchThreshold?: number; reviewThreshold?: number; fusion?: ManifestCalibrationFields[string]['fusion'] }> = {};
  for (const c of r.calibration) {
    if (c.fusion) {
      const [first, second] = r.recognizers as [string, string];
      out[first] = {
        ...out[first],
        fusion: { with: second, weights: [r4(c.fusion.weights[0]), r4(c.fusion.weights[1])], offset: r4(c.fusion.offset), matchThreshold: c.cal.matchThreshold, reviewThreshold: c.cal.reviewThreshold },
      };
    } else out[c.name] = { ...out[c.name], matchThreshold: c.cal.matchThreshold, reviewThreshold: c.cal.reviewThreshold };
  }
  return out;
}

/** JSON on one line in the manifest's style: `{ "a": 1, "b": [1, 2] }`. */
function inline(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(inline).join(', ')}]`;
  if (v && typeof v === 'object') return `{ ${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${inline(x)}`).join(', ')} }`;
  return JSON.stringify(v);
}

/** Index just past the `}` closing the object that opens at `open` (strings skipped). */
function closingBrace(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  throw new SyntaxError('unbalanced braces in the manifest');
}

/**
 * Sets the calibrated fields in the text of models/manifest.json: each recognizer entry's `matchThreshold` and
 * `reviewThreshold` (edited in place, or added at the end of the entry) and its `fusion` line. The result is
 * parsed back and checked, so a manifest this cannot edit safely raises instead of being written wrong.
 *
 * @example
 * ```ts
 * writeFileSync(path, applyManifestFields(readFileSync(path, 'utf8'), manifestFields(report)));
 * ```
 */
export function applyManifestFields(text: string, fields: ManifestCalibrationFields): string {
  let out = text;
  for (const [id, f] of Object.entries(fields)) {
    const key = out.indexOf(`${JSON.stringify(id)}: {`);
    if (key < 0) throw new Error(`models/manifest.json has no entry "${id}"`);
    const open = out.indexOf('{', key);
    const end = closingBrace(out, open);
    let entry = out.slice(open, end);
    const fusionAt = entry.indexOf('"fusion"');
    // The entry's own thresholds are the ones before its fusion object.
    let head = fusionAt < 0 ? entry.slice(0, -1) : entry.slice(0, fusionAt);
    let tail = fusionAt < 0 ? entry.slice(-1) : entry.slice(fusionAt);
    for (const name of ['matchThreshold', 'reviewThreshold'] as const) {
      const v = f[name];
      if (v === undefined) continue;
      const re = new RegExp(`"${name}":\\s*-?[0-9.eE+-]+`);
      if (re.test(head)) head = head.replace(re, `"${name}": ${v}`);
      else head = `${head.replace(/\s*$/, '')},\n      "${name}": ${v}\n    `;
    }
    if (f.fusion) {
      if (fusionAt >= 0) tail = tail.replace(/"fusion":\s*\{[^{}]*\}/, `"fusion": ${inline(f.fusion)}`);
      else head = `${head.replace(/\s*$/, '')},\n      "fusion": ${inline(f.fusion)}\n    `;
    }
    entry = head + tail;
    out = out.slice(0, open) + entry + out.slice(end);
  }
  const parsed = JSON.parse(out) as { models: Record<string, Record<string, unknown>> };
  for (const [id, f] of Object.entries(fields)) {
    for (const [name, v] of Object.entries(f)) {
      if (JSON.stringify(parsed.models[id]?.[name]) !== JSON.stringify(v)) throw new Error(`could not set ${id}.${name} in models/manifest.json`);
    }
  }
  return out;
}
