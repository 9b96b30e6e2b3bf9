import type { LabelledEvent } from '../metrics/video-events.js';
import { type Where, arrayField, asObject, datasetError, enumField, join, optionalStringField, readLabelsJson, resolveItemFile, stringField } from './validate.js';

/** One labelled clip. */
export interface VideoItem {
  readonly file: string;
  readonly path: string;
  readonly label: 'live' | 'spoof';
  readonly category: string | null;
  readonly description: string | null;
  /** Frame rate of the source, when labelled. */
  readonly fps: number | null;
  readonly durationS: number | null;
  /** True when the recording is mirrored (a selfie preview); label directions are in image terms either way. */
  readonly mirrored: boolean;
  readonly events: LabelledEvent[];
}

function optionalNumber(v: unknown, where: Where): number | null {
  if (v === undefined || v === null) return null;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) datasetError(where, `expected a non-negative number, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Loads `videos/labels.json` (`{"items":[{"file","label","category","fps","duration_s","events":[{"type","t"|"start","end","direction"}]}]}`).
 * Event times are seconds; `mirrored` (optional, per item or at the top) defaults to false.
 *
 * @example
 * ```ts
 * const clips = loadVideoItems('../shared/fixtures/videos/labels.json');
 * ```
 */
export function loadVideoItems(file: string): VideoItem[] {
  const root = asObject(readLabelsJson(file), { file, path: '' });
  const rootMirrored = root.mirrored === true;
  return arrayField(root, 'items', { file, path: '' }).map((raw, i) => {
    const where: Where = { file, path: join('items', i) };
    const it = asObject(raw, where);
    const rel = stringField(it, 'file', where);
    const rawEvents = it.events ?? [];
    if (!Array.isArray(rawEvents)) datasetError({ file, path: join(where.path, 'events') }, 'expected an array');
    const events = rawEvents.map((re, k) => {
      const ew: Where = { file, path: join(join(where.path, 'events'), k) };
      const e = asObject(re, ew);
      const type = stringField(e, 'type', ew);
      const t = optionalNumber(e.t, { file, path: join(ew.path, 't') });
      const start = optionalNumber(e.start, { file, path: join(ew.path, 'start') });
      const end = optionalNumber(e.end, { file, path: join(ew.path, 'end') });
      if (t === null && start === null) datasetError(ew, 'an event needs "t" or "start"');
      if (start !== null && end !== null && end < start) datasetError(ew, `"end" ${end} is before "start" ${start}`);
      const direction = optionalStringField(e, 'direction', ew);
      const ev: LabelledEvent = { type, ...(t !== null ? { t } : {}), ...(start !== null ? { start } : {}), ...(end !== null ? { end } : {}), ...(direction ? { direction } : {}) };
      return ev;
    });
    return {
      file: rel,
      path: resolveItemFile(file, rel, { file, path: join(where.path, 'file') }),
      label: enumField(it, 'label', ['live', 'spoof'] as const, where),
      category: optionalStringField(it, 'category', where),
      description: optionalStringField(it, 'description', where),
      fps: optionalNumber(it.fps, { file, path: join(where.path, 'fps') }),
      durationS: optionalNumber(it.duration_s, { file, path: join(where.path, 'duration_s') }),
      mirrored: typeof it.mirrored === 'boolean' ? it.mirrored : rootMirrored,
      events,
    };
  });
}
