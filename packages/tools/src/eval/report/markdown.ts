import type { LatencySummary } from '../metrics/latency.js';
import type { EvalReport, SectionReport } from '../types.js';
import { machineLine } from './machine-info.js';

/** Links to the SVG curves of a section, relative to the markdown file. */
export type CurveLinks = Partial<Record<string, { roc: string; det: string }>>;

type Share = { count: number; of: number; rate: number | null };
type Obj = Record<string, unknown>;

/** `97.2%`, or `n/a`. */
export function pct(rate: unknown, digits = 1): string {
  return typeof rate === 'number' && Number.isFinite(rate) ? `${(rate * 100).toFixed(digits)}%` : 'n/a';
}

/** `3 / 20 (15.0%)`. */
export function shareText(s: unknown): string {
  const v = s as Share | null | undefined;
  if (!v || typeof v.count !== 'number') return 'n/a';
  return v.of ? `${v.count} / ${v.of} (${pct(v.count / v.of)})` : '0 / 0';
}

function num(x: unknown, digits = 3): string {
  return typeof x === 'number' && Number.isFinite(x) ? x.toFixed(digits) : 'n/a';
}

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function table(head: string[], rows: string[][]): string {
  return [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n');
}

function latencyText(l: LatencySummary | null | undefined, unit: string): string {
  return l ? `p50 ${l.p50} ms, p95 ${l.p95} ms ${unit} (n = ${l.n})` : 'n/a';
}

function decisionsText(d: unknown): string {
  const v = d as Record<string, number> | undefined;
  if (!v) return 'n/a';
  return `PASS ${v.PASS ?? 0}, REVIEW ${v.REVIEW ?? 0}, FAIL ${v.FAIL ?? 0}${v.error ? `, error ${v.error}` : ''}`;
}

function tarText(t: unknown): string {
  const v = t as { tar: number; far: number; threshold: number | null; impostorPairs: number; belowResolution: boolean } | undefined;
  if (!v) return 'n/a';
  const base = `${pct(v.tar)} (FAR reached ${pct(v.far, 2)}, threshold ${num(v.threshold)}, ${v.impostorPairs} impostor pairs)`;
  return v.belowResolution ? `${base}; the target is below the 1/${v.impostorPairs} = ${(1 / v.impostorPairs).toExponential(1)} resolution of the set: TAR shown at FAR 0` : base;
}

function facesBody(s: SectionReport): string[] {
  const m = s.metrics as Obj;
  const noFace = m.imagesWithoutFace as (Share & { files: string[] }) | null;
  const rows = [
    ['genuine / impostor pairs', `${m.genuinePairs} / ${m.impostorPairs}`],
    ['ROC AUC (rank statistic)', num(m.auc, 4)],
    ['EER (interpolated)', `${pct(m.eer, 2)} (threshold ${num(m.eerThreshold)})`],
    ['TAR at FAR 1e-2', tarText(m.tarAtFar1e2)],
    ['TAR at FAR 1e-3', tarText(m.tarAtFar1e3)],
    ['TAR at FAR 1e-4', tarText(m.tarAtFar1e4)],
    ['models', `${m.detector ?? 'n/a'} + ${m.model ?? 'n/a'}`],
    ['configured threshold (PASS from)', num(m.threshold)],
    ['REVIEW band', Array.isArray(m.reviewBand) ? `${num(m.reviewBand[0])} to ${num(m.reviewBand[1])}` : 'n/a'],
    ['accuracy at threshold', pct(m.accuracy)],
    ['FAR at threshold', `${pct(m.far, 2)} (${m.falseAccepts} impostor pairs accepted)`],
    ['FRR at threshold', `${pct(m.frr, 2)} (${m.falseRejects} genuine pairs rejected)`],
    ['decisions, genuine pairs', decisionsText((m.decisions as Obj | undefined)?.genuine)],
    ['decisions, impostor pairs', decisionsText((m.decisions as Obj | undefined)?.impostor)],
    ...(m.decisionsOfficial
      ? [
          ['decisions, official genuine pairs', decisionsText((m.decisionsOfficial as Obj).genuine)],
          ['decisions, official impostor pairs', decisionsText((m.decisionsOfficial as Obj).impostor)],
        ]
      : []),
    ['images without a face', noFace ? `${shareText(noFace)}${noFace.files.length ? `: ${noFace.files.join(', ')}` : ''}` : 'not measured'],
    ['pairs without a face', String(m.pairsWithoutFace)],
    ['latency per pair (matchFaces)', latencyText(s.latencyMs, 'per pair')],
    ['latency per image (detect, align, embed)', latencyText(m.prepareLatencyMs as LatencySummary | null, 'per image')],
  ];
  return [table(['metric', 'value'], rows)];
}

function agesBody(s: SectionReport): string[] {
  const m = s.metrics as Obj;
  const rows = [
    ['images (with an estimate)', `${m.images} (${m.estimated})`],
    ['MAE', `${num(m.mae, 2)} years`],
    ['within ±5 years', pct(m.within5)],
    [`minors (< ${m.minAge}) that PASS`, shareText(m.minorsPass)],
    ['adults 25+ that FAIL or REVIEW', shareText(m.adults25FailOrReview)],
    ['no estimate (no face / error)', `${m.noEstimate} (no face ${m.noFace}, errors ${m.checkErrors})`],
    ['latency per image', latencyText(s.latencyMs, 'per image')],
  ];
  const bands = m.bands as Record<string, { PASS: number; REVIEW: number; FAIL: number; noEstimate: number; n: number }>;
  const bandRows = Object.entries(bands).map(([b, v]) => [b, String(v.n), String(v.PASS), String(v.REVIEW), String(v.FAIL), String(v.noEstimate)]);
  return [table(['metric', 'value'], rows), `Decisions for minAge ${m.minAge} per labelled age band:`, table(['age band', 'n', 'PASS', 'REVIEW', 'FAIL', 'no estimate'], bandRows)];
}

function livenessBody(s: SectionReport): string[] {
  const m = s.metrics as Obj;
  const d = m.decisions as Obj | undefined;
  const rows = [
    ['live / spoof images', `${m.live} / ${m.spoof}`],
    ['configured threshold', num(m.threshold)],
    ['APCER (spoofs accepted)', pct(m.apcer)],
    ['BPCER (live rejected)', pct(m.bpcer)],
    ['ACER', pct(m.acer)],
    ['ROC AUC', num(m.auc, 4)],
    ['faces not found', shareText(m.facesNotFound)],
    ['decisions, live', decisionsText(d?.live)],
    ['decisions, spoof', decisionsText(d?.spoof)],
    ['latency per image', latencyText(s.latencyMs, 'per image')],
  ];
  return [table(['metric', 'value'], rows)];
}

function videosBody(s: SectionReport): string[] {
  const m = s.metrics as Obj;
  const fb = m.falseBlinks as { count: number; detected: number; liveMinutes: number; perMinute: number | null } | null;
  const rows = [
    ['clips (decoded at)', `${m.clips} (${m.fps === 'native' ? "every frame, the clip's own rate" : `${m.fps} fps`}, <= ${m.maxWidth} px wide)`],
    ['labelled blinks detected', m.blinkEventsDetected ? shareText(m.blinkEventsDetected) : 'not measured'],
    ['false blinks (detected away from any labelled eye closure, live clips)', fb ? `${fb.count} of ${fb.detected} detected (${fb.perMinute ?? 'n/a'} per minute over ${fb.liveMinutes} min)` : 'not measured'],
    ['labelled head turns detected (same image direction)', m.turnEventsDetected ? shareText(m.turnEventsDetected) : 'not measured'],
    ["turns given the wrong user direction (nose to image right = user's left)", m.turnsWrongUserDirection === null ? 'not measured' : String(m.turnsWrongUserDirection)],
    ['false turns (detected, none labelled there)', m.falseTurns === null ? 'not measured' : String(m.falseTurns)],
    ['blink challenge passed (clips with labelled blinks)', shareText(m.blinkChallengePassed)],
    ['blink challenge passed without any labelled eye closure', shareText(m.falseBlinkChallenges)],
    ['turn challenge passed (clip and direction labelled)', shareText(m.turnChallengePassed)],
    ['turn challenge passed without that turn labelled', shareText(m.falseTurnChallenges)],
    ['replay clips accepted (passive PASS)', shareText(m.replayClipsAccepted)],
    ['replay clips passing with the blink challenge', shareText(m.replayClipsPassingBlink)],
    ['live clips rejected (passive)', shareText(m.liveClipsRejected)],
    ['latency per clip', latencyText(s.latencyMs, 'per clip')],
    ['latency per frame', latencyText(m.perFrameLatencyMs as LatencySummary | null, 'per frame')],
  ];
  const clips = (m.clipResults as Obj[] | undefined) ?? [];
  const clipRows = clips.map((c) => [String(c.file), String(c.label ?? ''), String(c.frames ?? ''), String(c.error ?? c.passive ?? ''), String(c.blinks ?? ''), String(c.turns ?? ''), String(c.challenges ?? '')]);
  return [table(['metric', 'value'], rows), 'Per clip:', table(['clip', 'label', 'frames', 'passive', 'blinks', 'turns', 'challenges'], clipRows)];
}

function documentsBody(s: SectionReport): string[] {
  const m = s.metrics as Obj;
  const f = m.fieldAccuracy as { agreed: number; compared: number; rate: number | null; perField: Record<string, { compared: number; agreed: number }> } | undefined;
  const rows = [
    ['documents', String(m.documents)],
    ['all MRZ lines exactly right (labelled MRZ)', shareText(m.mrzAllLinesExact)],
    ['MRZ character accuracy (labelled MRZ)', pct(m.mrzCharAccuracy)],
    ['MRZ read with valid check digits (documents with an MRZ)', shareText(m.mrzCheckDigitsValid)],
    ['hasMrz accuracy', shareText(m.hasMrzAccuracy)],
    ['documentType accuracy', shareText(m.documentTypeAccuracy)],
    ['country accuracy', shareText(m.countryAccuracy)],
    ['field accuracy (sourceFields)', f ? `${f.agreed} / ${f.compared} (${pct(f.rate)})` : 'n/a'],
    ['latency per document', latencyText(s.latencyMs, 'per document')],
  ];
  const out = [table(['metric', 'value'], rows)];
  if (f && Object.keys(f.perField).length) {
    out.push('Per field:', table(['field', 'right', 'compared'], Object.entries(f.perField).map(([k, v]) => [k, String(v.agreed), String(v.compared)])));
  }
  const conf = m.documentTypeConfusion as Record<string, Record<string, number>> | undefined;
  if (conf && Object.keys(conf).length) {
    out.push('Document type (label -> read):', table(['label', 'read as'], Object.entries(conf).map(([k, v]) => [k, Object.entries(v).map(([t, c]) => `${t} ${c}`).join(', ')])));
  }
  return out;
}

function mrzBody(s: SectionReport): string[] {
  const m = s.metrics as Obj;
  const f = m.fieldAgreement as { agreed: number; compared: number; rate: number | null } | undefined;
  const rows = [
    ['cases / expectations', `${m.cases} / ${m.expectations}`],
    ['parse agreement (expectations fully agreed)', shareText(m.parseAgreement)],
    ['cases agreeing with every expectation', shareText(m.casesFullyAgreeing)],
    ['field agreement', f ? `${f.agreed} / ${f.compared} (${pct(f.rate)})` : 'n/a'],
    ['validity agreement', shareText(m.validityAgreement)],
    ['OCR-noise vectors (autocorrect) agreeing', shareText(m.ocrNoiseAgreement)],
    ['parse errors', String(m.parseErrors)],
    ['latency per parse', latencyText(s.latencyMs, 'per parse')],
  ];
  const by = (m.bySource as Record<string, Obj> | undefined) ?? {};
  const byRows = Object.entries(by).map(([k, v]) => [k, `${v.agree} / ${v.expectations}`, `${v.fieldsAgreed} / ${v.fieldsCompared}`, `${v.validityAgreed} / ${v.validityCompared}`]);
  return [table(['metric', 'value'], rows), 'Per source test suite:', table(['source', 'expectations agreed', 'fields agreed', 'validity agreed'], byRows)];
}

const BODIES: Record<string, (s: SectionReport) => string[]> = {
  faces: facesBody,
  ages: agesBody,
  liveness: livenessBody,
  videos: videosBody,
  documents: documentsBody,
  mrz: mrzBody,
};

const TITLES: Record<string, string> = {
  faces: 'Face match (faces/pairs.json)',
  ages: 'Age estimation (ages/labels.json)',
  liveness: 'Passive liveness on stills (liveness/labels.json)',
  videos: 'Video liveness and challenges (videos/labels.json)',
  documents: 'Documents (documents/labels.json)',
  mrz: 'MRZ parsing (mrz/cases.json)',
};

/** Markdown of one section at a heading level. */
export function sectionMarkdown(s: SectionReport, level: number, curves?: { roc: string; det: string }): string {
  const h = '#'.repeat(level);
  const out: string[] = [`${h} ${TITLES[s.name] ?? s.name}`, ''];
  if (s.status !== 'ok') {
    out.push(`**${s.status === 'unsupported' ? 'Not run' : 'Error'}:** ${s.reason ?? ''} (${s.items} labelled items)`, '');
    return out.join('\n');
  }
  for (const block of BODIES[s.name]!(s)) out.push(block, '');
  if (curves) out.push(`![ROC](${curves.roc}) ![DET](${curves.det})`, '');
  if (s.failures.length) {
    out.push(`Worst failures (${s.failures.length} shown):`, '', table(['file', 'truth', 'prediction'], s.failures.map((f) => [f.file, f.truth, f.prediction])), '');
  } else out.push('No failures.', '');
  if (s.notes.length) out.push(...s.notes.map((n) => `- ${n}`), '');
  return out.join('\n');
}

/** The one-line summary of a section for the overview table. */
export function sectionSummary(s: SectionReport): string {
  const m = s.metrics as Obj;
  if (s.status !== 'ok') return s.reason ?? s.status;
  switch (s.name) {
    case 'faces':
      return `AUC ${num(m.auc, 4)}, EER ${pct(m.eer, 2)}, TAR@FAR1e-4 ${pct((m.tarAtFar1e4 as Obj)?.tar)} (${(m.tarAtFar1e4 as Obj)?.impostorPairs} impostors), PASS at ${num(m.threshold)}: genuine ${shareText(m.genuinePass)}, impostor ${shareText(m.impostorPass)}`;
    case 'ages':
      return `MAE ${num(m.mae, 2)} y, within ±5 ${pct(m.within5)}, minors PASS ${shareText(m.minorsPass)}, adults 25+ not PASS ${shareText(m.adults25FailOrReview)}`;
    case 'liveness':
      return `APCER ${pct(m.apcer)}, BPCER ${pct(m.bpcer)}, ACER ${pct(m.acer)}, AUC ${num(m.auc, 3)}`;
    case 'videos':
      return `blinks ${m.blinkEventsDetected ? shareText(m.blinkEventsDetected) : 'n/a'}, turns ${m.turnEventsDetected ? shareText(m.turnEventsDetected) : 'n/a'}, false blinks ${(m.falseBlinks as Obj | null)?.count ?? 'n/a'}, replays accepted ${shareText(m.replayClipsAccepted)}`;
    case 'documents':
      return `MRZ exact ${shareText(m.mrzAllLinesExact)}, check digits valid ${shareText(m.mrzCheckDigitsValid)}, hasMrz ${shareText(m.hasMrzAccuracy)}, type ${shareText(m.documentTypeAccuracy)}`;
    case 'mrz':
      return `agreement ${shareText(m.parseAgreement)}, fields ${pct((m.fieldAgreement as Obj)?.rate)}, validity ${shareText(m.validityAgreement)}`;
    default:
      return '';
  }
}

/**
 * The markdown report of an evaluation run: context (dataset, date, profile, machine), an overview, then each
 * section with its figures, curves, worst failures and notes.
 *
 * @example
 * ```ts
 * const md = evalMarkdown(report, { faces: { roc: 'r-faces-roc.svg', det: 'r-faces-det.svg' } });
 * ```
 */
export function evalMarkdown(report: EvalReport, curves: CurveLinks = {}, opts: { title?: string; level?: number; datasetLabel?: string } = {}): string {
  const level = opts.level ?? 1;
  const h = '#'.repeat(level);
  const p = report.profile;
  const out: string[] = [
    `${h} ${opts.title ?? 'Provefy evaluation'}`,
    '',
    `- dataset: \`${opts.datasetLabel ?? report.dataset}\``,
    `- date: ${report.date}`,
    `- profile: ${p ? `${p.name} (detector ${p.detector}, recognizer ${p.recognizer}, age ${p.age.join('+')}, liveness ${p.liveness.join('+')})` : 'none complete'}`,
    `- machine: ${machineLine(report.machine)}`,
    `- run time: ${report.elapsedS} s`,
    '',
    table(
      ['section', 'items', 'result', 'latency p50 / p95'],
      Object.values(report.sections).map((s) => [s!.name, String(s!.items), sectionSummary(s!), s!.latencyMs ? `${s!.latencyMs.p50} / ${s!.latencyMs.p95} ms` : 'n/a']),
    ),
    '',
  ];
  for (const s of Object.values(report.sections)) out.push(sectionMarkdown(s!, level + 1, curves[s!.name]));
  return out.join('\n');
}
