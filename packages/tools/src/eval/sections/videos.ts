import type { ProfileName } from '@provefy/core/models';
import type { RgbImage } from '@provefy/core';
import { loadVideoItems, type VideoItem } from '../datasets/videos.js';
import { timed } from '../metrics/latency.js';
import { eventSpan, isBlinkEvent, isEyeClosureEvent, isTurnEvent, type LabelledEvent, matchEventSpans, turnChallengeFor } from '../metrics/video-events.js';
import type { FailureRow, SectionContext, SectionReport } from '../types.js';
import type { ChallengeType, LivenessResultShape, VerifyLivenessFn } from './check-shapes.js';
import { findCheck } from './check-loader.js';
import { errorText, fmt, isFatalCheckError, latency, notSupported, round, sectionError, share } from './section-helpers.js';

type ReadVideoFramesFn = (path: string, opts?: { fps?: number; maxWidth?: number }) => Promise<{ frames: RgbImage[]; timestamps: number[]; fps: number }>;

/** What the liveness module's sequence analysis reports (the events `verifyLiveness` judges challenges on). */
interface SequenceShape {
  readonly analyses?: readonly unknown[];
  readonly blinks: readonly { t: number; start: number; end: number }[];
  readonly turns: readonly { direction: 'left' | 'right'; imageDirection: string; start: number; end: number; peakT: number }[];
  readonly blinkCoverage?: number;
}
type AnalyseSequenceFn = (frames: readonly unknown[], timestamps?: readonly number[], opts?: { mirrored?: boolean }) => Promise<SequenceShape>;

/** Seconds a detected blink may lie outside a labelled eye closure and still match it (frames are sampled). */
export const BLINK_TOLERANCE_S = 0.2;
/** Seconds a detected head turn may lie outside a labelled turn and still match it. */
export const TURN_TOLERANCE_S = 0.5;

const CHALLENGES: ChallengeType[] = ['blink', 'turn_left', 'turn_right'];

interface Tally {
  labelledBlinks: number;
  detectedBlinks: number;
  blinksMatched: number;
  falseBlinks: number;
  liveSeconds: number;
  labelledTurns: number;
  turnsMatched: number;
  turnsWrongUserDirection: number;
  falseTurns: number;
  blinkChallengeClips: number;
  blinkChallengePassed: number;
  noClosureClips: number;
  falseBlinkChallenge: number;
  turnChallengeCases: number;
  turnChallengePassed: number;
  noTurnCases: number;
  falseTurnChallenge: number;
  spoofClips: number;
  replayAccepted: number;
  replayPassingBlink: number;
  liveClips: number;
  liveRejected: number;
}

function newTally(): Tally {
  return {
    labelledBlinks: 0,
    detectedBlinks: 0,
    blinksMatched: 0,
    falseBlinks: 0,
    liveSeconds: 0,
    labelledTurns: 0,
    turnsMatched: 0,
    turnsWrongUserDirection: 0,
    falseTurns: 0,
    blinkChallengeClips: 0,
    blinkChallengePassed: 0,
    noClosureClips: 0,
    falseBlinkChallenge: 0,
    turnChallengeCases: 0,
    turnChallengePassed: 0,
    noTurnCases: 0,
    falseTurnChallenge: 0,
    spoofClips: 0,
    replayAccepted: 0,
    replayPassingBlink: 0,
    liveClips: 0,
    liveRejected: 0,
  };
}

/**
 * Video liveness on `videos/labels.json`. Each clip is decoded with ffmpeg (`readVideoFrames`; every frame
 * at the clip's own rate unless `videoFps` resamples it), its events
 * are found once (`analyseLivenessSequence`: every blink and head turn) and compared with the labels, and
 * `verifyLiveness` runs passively (replay clips accepted, live clips rejected) and with the `blink`,
 * `turn_left` and `turn_right` challenges. Labelled turn directions are in image terms; the user's
 * direction of a turn on an unmirrored camera is the opposite side (nose toward image right = `turn_left`).
 *
 * @example
 * ```ts
 * const report = await runVideosSection({ labelsFile: 'fixtures/videos/labels.json', options: {}, progress: silentProgress, maxFailures: 10 });
 * report.metrics.blinkEventsDetected; // { count, of, rate }
 * ```
 */
export async function runVideosSection(ctx: SectionContext): Promise<SectionReport> {
  const items = loadVideoItems(ctx.labelsFile);
  const live = await findCheck<VerifyLivenessFn>('liveness', ['verifyLiveness']);
  if (!live.fn) return notSupported('videos', ctx.labelsFile, items.length, live.reason);
  const reader = await findCheck<ReadVideoFramesFn>('video', ['readVideoFrames']);
  if (!reader.fn) return notSupported('videos', ctx.labelsFile, items.length, reader.reason);
  const analyse = (await findCheck<AnalyseSequenceFn>('liveness', ['analyseLivenessSequence'])).fn;
  const verifyLiveness = live.fn;
  const readVideoFrames = reader.fn;
  // Without --video-fps every frame at the clip's own rate: a reopening between two blinks can last a
  // single frame at 30 fps, and 15 fps sampling merges such blinks (docs/liveness.md).
  const fps = ctx.options.videoFps;
  const maxWidth = ctx.options.videoMaxWidth ?? 640;
  const profile = ctx.options.profile;
  const t0 = performance.now();

  const clipMs: number[] = [];
  const frameMs: number[] = [];
  const failures: FailureRow[] = [];
  const perClip: Record<string, unknown>[] = [];
  const tally = newTally();
  let errors = 0;

  ctx.progress.start('videos', items.length);
  for (const clip of items) {
    const decoded = await timed(() => readVideoFrames(clip.path, { ...(fps ? { fps } : {}), maxWidth }));
    if (decoded.error || !decoded.value) {
      errors++;
      failures.push({ file: clip.file, truth: clip.label, prediction: `could not decode: ${errorText(decoded.error)}`, severity: 10 });
      perClip.push({ file: clip.file, label: clip.label, error: errorText(decoded.error) });
      ctx.progress.tick();
      continue;
    }
    const { frames, timestamps } = decoded.value;
    try {
      const row = await evaluateClip(clip, frames, timestamps, { verifyLiveness, analyse, profile }, tally, failures);
      clipMs.push(row.ms);
      frameMs.push(row.ms / frames.length);
      if (row.error) errors++;
      perClip.push(row.summary);
    } catch (e) {
      if (isFatalCheckError(e)) {
        ctx.progress.end();
        return sectionError('videos', ctx.labelsFile, items.length, errorText(e), (performance.now() - t0) / 1000);
      }
      throw e;
    }
    ctx.progress.tick();
  }

  const minutes = tally.liveSeconds / 60;
  const elapsedS = (performance.now() - t0) / 1000;
  ctx.progress.end(
    analyse
      ? `blinks ${tally.blinksMatched}/${tally.labelledBlinks}, turns ${tally.turnsMatched}/${tally.labelledTurns}, replays accepted ${tally.replayAccepted}/${tally.spoofClips}`
      : `replays accepted ${tally.replayAccepted}/${tally.spoofClips}`,
  );
  return {
    name: 'videos',
    status: 'ok',
    labelsFile: ctx.labelsFile,
    items: items.length,
    metrics: {
      clips: items.length,
      fps: fps ?? 'native',
      maxWidth,
      blinkEventsDetected: analyse ? share(tally.blinksMatched, tally.labelledBlinks) : null,
      falseBlinks: analyse ? { count: tally.falseBlinks, detected: tally.detectedBlinks, liveMinutes: round(minutes, 2), perMinute: minutes ? round(tally.falseBlinks / minutes, 2) : null } : null,
      turnEventsDetected: analyse ? share(tally.turnsMatched, tally.labelledTurns) : null,
      turnsWrongUserDirection: analyse ? tally.turnsWrongUserDirection : null,
      falseTurns: analyse ? tally.falseTurns : null,
      blinkChallengePassed: share(tally.blinkChallengePassed, tally.blinkChallengeClips),
      falseBlinkChallenges: share(tally.falseBlinkChallenge, tally.noClosureClips),
      turnChallengePassed: share(tally.turnChallengePassed, tally.turnChallengeCases),
      falseTurnChallenges: share(tally.falseTurnChallenge, tally.noTurnCases),
      replayClipsAccepted: share(tally.replayAccepted, tally.spoofClips),
      replayClipsPassingBlink: share(tally.replayPassingBlink, tally.spoofClips),
      liveClipsRejected: share(tally.liveRejected, tally.liveClips),
      checkErrors: errors,
      perFrameLatencyMs: latency(frameMs),
      clipResults: perClip,
    },
    latencyMs: latency(clipMs),
    failures: [...failures].sort((a, b) => b.severity - a.severity).slice(0, ctx.maxFailures),
    notes: [
      `Clips are decoded at ${fps ? `${fps} fps` : 'their own frame rate (every frame)'}, at most ${maxWidth} px wide (readVideoFrames). Events come from analyseLivenessSequence (every blink and head turn the check sees); decisions from verifyLiveness, passive and with the blink, turn_left and turn_right challenges.`,
      `Blinks: labelled full blinks matched one to one with detected blinks (within ${BLINK_TOLERANCE_S} s of the labelled span). A detected blink is false when it lies near no labelled eye closure of any kind (blink, partial, wink, long closure) in a live clip; clips whose blinks are not annotated count too.`,
      `Turns: labelled turns matched with detected turns of the same image direction (spans overlapping within ${TURN_TOLERANCE_S} s); the check's user direction must be the opposite side on an unmirrored camera (nose toward image right = the user's left = turn_left), else turnsWrongUserDirection.`,
      'Challenge figures are per clip: a challenge passes when verifyLiveness finds the event; false challenges are passes in clips without such a labelled event. Replay clips accepted: spoof clips whose passive result is PASS; passing with blink: passive PASS and the blink challenge passed.',
      'latencyMs is per clip (sequence analysis + passive + challenge run; decoding excluded); perFrameLatencyMs divides it by the frames.',
      ...(analyse ? [] : ['analyseLivenessSequence is not available in this build: event-level figures are not measured.']),
    ],
    elapsedS,
  };
}

async function evaluateClip(
  clip: VideoItem,
  frames: RgbImage[],
  timestamps: number[],
  fns: { verifyLiveness: VerifyLivenessFn; analyse: AnalyseSequenceFn | null; profile: ProfileName | undefined },
  tally: Tally,
  failures: FailureRow[],
): Promise<{ ms: number; error: boolean; summary: Record<string, unknown> }> {
  const opts = { timestamps, mirrored: clip.mirrored, ...(fns.profile ? { profile: fns.profile } : {}) };
  let ms = 0;
  let seq: SequenceShape | null = null;
  let input: unknown[] = frames;
  if (fns.analyse) {
    const r = await timed(() => fns.analyse!(frames, timestamps, { mirrored: clip.mirrored }));
    ms += r.ms;
    if (r.error) {
      if (isFatalCheckError(r.error)) throw r.error;
      return { ms, error: true, summary: { file: clip.file, label: clip.label, frames: frames.length, error: errorText(r.error) } };
    }
    seq = r.value!;
    if (seq.analyses && seq.analyses.length === frames.length) input = [...seq.analyses];
  }
  const passiveRun = await timed(() => fns.verifyLiveness(input as RgbImage[], opts));
  const challengeRun = await timed(() => fns.verifyLiveness(input as RgbImage[], { ...opts, challenges: CHALLENGES }));
  ms += passiveRun.ms + challengeRun.ms;
  for (const r of [passiveRun, challengeRun]) if (r.error && isFatalCheckError(r.error)) throw r.error;
  const passive: LivenessResultShape | null = passiveRun.value ?? null;
  const challenged: LivenessResultShape | null = challengeRun.value ?? null;
  const err = passiveRun.error ?? challengeRun.error;
  const passed = (type: ChallengeType) => challenged?.challenges.find((c) => c.type === type)?.passed === true;
  const at = (type: ChallengeType) => {
    const c = challenged?.challenges.find((x) => x.type === type) as { atFrame?: number | null; at?: number } | undefined;
    if (typeof c?.at === 'number') return c.at;
    return typeof c?.atFrame === 'number' ? (timestamps[c.atFrame] ?? null) : null;
  };

  const summary: Record<string, unknown> = {
    file: clip.file,
    label: clip.label,
    frames: frames.length,
    passive: passive ? `${passive.result} ${fmt(passive.livenessScore)}` : errorText(passiveRun.error),
    challenges: challenged ? CHALLENGES.map((c) => `${c} ${passed(c) ? `at ${fmt(at(c), 2)} s` : 'no'}`).join(', ') : errorText(challengeRun.error),
  };

  if (clip.label === 'spoof') {
    tally.spoofClips++;
    if (passive?.result === 'PASS') {
      tally.replayAccepted++;
      failures.push({ file: clip.file, truth: 'spoof (replay)', prediction: `passive PASS, score ${fmt(passive.livenessScore)}`, severity: 9 });
    }
    if (passive?.result === 'PASS' && passed('blink')) tally.replayPassingBlink++;
    return { ms, error: Boolean(err), summary };
  }

  tally.liveClips++;
  if (passive?.result !== 'PASS') {
    tally.liveRejected++;
    failures.push({
      file: clip.file,
      truth: 'live',
      prediction: passive ? `passive ${passive.result}, score ${fmt(passive.livenessScore)} (${passive.reasons.map((r) => r.code).join(',')})` : errorText(passiveRun.error),
      severity: 5,
    });
  }
  const duration = timestamps.length ? timestamps[timestamps.length - 1]! + (timestamps.length > 1 ? timestamps[1]! - timestamps[0]! : 0) : 0;
  tally.liveSeconds += duration;

  const blinks = clip.events.filter(isBlinkEvent);
  const closures = clip.events.filter(isEyeClosureEvent);
  const turns = clip.events.filter(isTurnEvent);

  // Event level: every detected blink and turn against the labels.
  if (seq) {
    const span = (e: LabelledEvent) => eventSpan(e);
    const bm = matchEventSpans(blinks.map(span), seq.blinks, BLINK_TOLERANCE_S);
    tally.labelledBlinks += blinks.length;
    tally.detectedBlinks += seq.blinks.length;
    tally.blinksMatched += bm.matched.length;
    const closureSpans = closures.map(span);
    const falseBlinks = seq.blinks.filter((b) => !closureSpans.some((c) => b.end >= c.start - BLINK_TOLERANCE_S && b.start <= c.end + BLINK_TOLERANCE_S));
    tally.falseBlinks += falseBlinks.length;
    summary.blinks = `${bm.matched.length}/${blinks.length} labelled found, ${seq.blinks.length} detected, ${falseBlinks.length} false`;
    if (bm.missedLabelled.length) {
      failures.push({
        file: clip.file,
        truth: `blinks at ${bm.missedLabelled.map((i) => fmt(blinks[i]!.t ?? blinks[i]!.start, 2)).join(', ')} s`,
        prediction: `not detected (${seq.blinks.length} blinks detected${seq.blinkCoverage !== undefined ? `, eyes measurable in ${fmt(seq.blinkCoverage * 100, 0)}% of frames` : ''})`,
        severity: 3 + bm.missedLabelled.length / Math.max(1, blinks.length),
      });
    }
    if (falseBlinks.length) {
      failures.push({ file: clip.file, truth: closures.length ? 'no eye closure labelled there' : 'no eye closure labelled', prediction: `blink detected at ${falseBlinks.map((b) => fmt(b.t, 2)).join(', ')} s`, severity: 4 + falseBlinks.length });
    }

    const turnNotes: string[] = [];
    let detectedUsed = new Set<number>();
    for (const dir of ['nose_to_image_left', 'nose_to_image_right']) {
      const lab = turns.filter((e) => (e.direction ?? '').toLowerCase() === dir);
      const detIdx = seq.turns.map((t, i) => ({ t, i })).filter((x) => x.t.imageDirection === dir);
      const tm = matchEventSpans(lab.map(span), detIdx.map((x) => x.t), TURN_TOLERANCE_S);
      tally.labelledTurns += lab.length;
      tally.turnsMatched += tm.matched.length;
      for (const [li, di] of tm.matched) {
        const want = turnChallengeFor(lab[li]!.direction, clip.mirrored) === 'turn_left' ? 'left' : 'right';
        const got = detIdx[di]!.t.direction;
        if (got !== want) {
          tally.turnsWrongUserDirection++;
          failures.push({ file: clip.file, truth: `${dir} = user's ${want}`, prediction: `turn reported as the user's ${got}`, severity: 8 });
        }
      }
      detectedUsed = new Set([...detectedUsed, ...tm.matched.map(([, di]) => detIdx[di]!.i)]);
      for (const li of tm.missedLabelled) {
        const e = lab[li]!;
        failures.push({ file: clip.file, truth: `turn ${dir} ${fmt(e.start ?? e.t, 1)}-${fmt(e.end ?? e.t, 1)} s`, prediction: seq.turns.length ? `not detected (turns seen: ${seq.turns.map((t) => `${t.imageDirection} ${fmt(t.start, 1)}-${fmt(t.end, 1)} s`).join(', ')})` : 'no turn detected', severity: 6 });
      }
      if (lab.length) turnNotes.push(`${dir} ${tm.matched.length}/${lab.length}`);
    }
    const falseTurns = seq.turns.filter((_, i) => !detectedUsed.has(i));
    tally.falseTurns += falseTurns.length;
    if (falseTurns.length) {
      failures.push({ file: clip.file, truth: turns.length ? 'no turn labelled there' : 'no turn labelled', prediction: `turn ${falseTurns.map((t) => `${t.imageDirection} at ${fmt(t.peakT, 1)} s`).join(', ')}`, severity: 5 });
    }
    summary.turns = `${turnNotes.join(', ') || 'none labelled'}; ${seq.turns.length} detected, ${falseTurns.length} false`;
  }

  // Challenge level (per clip).
  if (blinks.length) {
    tally.blinkChallengeClips++;
    if (passed('blink')) tally.blinkChallengePassed++;
  } else if (closures.length === 0) {
    tally.noClosureClips++;
    if (passed('blink')) tally.falseBlinkChallenge++;
  }
  for (const type of ['turn_left', 'turn_right'] as const) {
    const labelled = turns.some((e) => turnChallengeFor(e.direction, clip.mirrored) === type);
    if (labelled) {
      tally.turnChallengeCases++;
      if (passed(type)) tally.turnChallengePassed++;
    } else {
      tally.noTurnCases++;
      if (passed(type)) tally.falseTurnChallenge++;
    }
  }
  return { ms, error: Boolean(err), summary };
}
