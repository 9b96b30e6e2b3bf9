import { useCallback, useEffect, useRef, useState } from 'react';
import type { Challenge, FlowApi, LivenessCapture } from '../api/flow-api.js';
import { describeCamera, sameBytes, watchFrames } from '../camera/capture-source.js';
import { canvasToJpeg, drawFrame } from '../camera/frame-tools.js';
import { CameraProblemNotice } from '../components/CameraProblemNotice.js';
import { useCameraState } from '../hooks/useCameraState.js';
import { CameraView } from '../components/CameraView.js';
import { ChallengeCueIcon } from '../components/ChallengeCueIcon.js';
import { FaceOval } from '../components/FaceOval.js';
import { useFaceGuidance } from '../hooks/useFaceGuidance.js';
import type { MessageKey, Translate } from '../i18n/i18n.js';
import { planCapture } from '../liveness/capture-plan.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** Least time between two captured frames (a 30 fps camera): faster captures only repeat frames, and the server refuses frames closer than a 60 fps camera gives them. */
const MIN_FRAME_GAP_MS = 34;

/** Good previews in a row before the challenges start by themselves. */
const OK_STREAK_TO_START = 3;
/** After this long without a well-placed face, a "start now" button appears. */
const MANUAL_START_AFTER_MS = 8000;
/** The preview is a selfie view (mirrored); the challenge arrows follow it (see `challengeCue`). */
const PREVIEW_MIRRORED = true;

/**
 * The liveness step: the user places their face in the oval (live guidance), then the challenges run by themselves
 * (look straight, blink, turn the head) while frames are captured automatically; the frames go to `onCaptured`.
 * The liveness check cannot use uploads: without a camera the step explains what to do.
 *
 * @example
 * ```tsx
 * <LivenessStep t={t} api={api} challenges={['look_straight', 'blink', 'turn_left']} maxFrames={40} onCaptured={upload} />
 * ```
 */
export function LivenessStep(props: {
  t: Translate;
  api: FlowApi;
  challenges: Challenge[];
  maxFrames: number;
  onCaptured: (capture: LivenessCapture) => void;
  /** The attempt could not be started (network, finished session). */
  onAttemptError?: (e: unknown) => void;
}) {
  const { t, api, challenges, maxFrames, onCaptured, onAttemptError } = props;
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const { camera, problem, attempt, onReady, onProblem, retry } = useCameraState();
  const [phase, setPhase] = useState<'align' | 'challenges' | 'done'>('align');
  const [current, setCurrent] = useState(0);
  const [progress, setProgress] = useState(0);
  const [manualStart, setManualStart] = useState(false);
  const { guidance, okStreak } = useFaceGuidance(videoRef, api, {
    active: camera === 'ready' && phase !== 'done',
    guidance: phase === 'challenges' ? { maxYaw: null } : {},
  });
  const plan = useRef(planCapture(challenges, maxFrames));
  const running = useRef(false);

  const run = useCallback(async () => {
    if (running.current) return;
    running.current = true;
    // Each capture is one server-issued attempt: its challenges, in its order, and its nonce; times count from here.
    let attempt: Awaited<ReturnType<FlowApi['startLiveness']>>;
    try {
      attempt = await api.startLiveness();
    } catch (e) {
      running.current = false;
      onAttemptError?.(e);
      return;
    }
    const t0 = performance.now();
    plan.current = planCapture(attempt.challenges, maxFrames);
    setPhase('challenges');
    const frames: Blob[] = [];
    const timestamps: number[] = [];
    const canvas = document.createElement('canvas');
    const source = videoRef.current ? await describeCamera(videoRef.current) : null;
    const watch = videoRef.current ? watchFrames(videoRef.current) : null;
    const totalFrames = plan.current.reduce((s, p) => s + p.frames, 0);
    const sent: Uint8Array[] = [];
    for (let i = 0; i < plan.current.length; i++) {
      const step = plan.current[i]!;
      setCurrent(i);
      const interval = step.durationMs / step.frames;
      // A short pause so the prompt is read before the first frame of the challenge.
      await sleep(i === 0 ? 300 : 500);
      for (let f = 0; f < step.frames; f++) {
        const video = videoRef.current;
        if (!video || !running.current) {
          watch?.stop();
          return;
        }
        const took = performance.now();
        // a new camera frame each time: the same frame twice would be refused as duplicated
        const frameTime = await watch?.fresh(250);
        const lastAt = timestamps.at(-1);
        if (lastAt !== undefined) await sleep(Math.max(0, lastAt + MIN_FRAME_GAP_MS - (performance.now() - t0)));
        drawFrame(video, { x: 0, y: 0, width: video.videoWidth, height: video.videoHeight }, 640, canvas);
        const at = performance.now() - t0;
        const jpeg = await canvasToJpeg(canvas, 0.85);
        // A stalled camera, a busy device or a looping source shows a frame again: skip it rather than send a duplicate.
        const bytes = new Uint8Array(await jpeg.arrayBuffer());
        if (!sent.some((b) => sameBytes(bytes, b))) {
          sent.push(bytes);
          timestamps.push(at);
          if (source && typeof frameTime === 'number') source.frameTimes.push(frameTime);
          frames.push(jpeg);
        }
        setProgress(frames.length / totalFrames);
        await sleep(Math.max(0, interval - (performance.now() - took)));
      }
    }
    watch?.stop();
    running.current = false;
    setPhase('done');
    onCaptured({ frames, timestamps, nonce: attempt.nonce, source: source ?? { label: null, settings: null, frameTimes: [] } });
  }, [onCaptured, onAttemptError, api, maxFrames]);

  useEffect(() => () => {
    running.current = false;
  }, []);

  useEffect(() => {
    if (phase === 'align' && camera === 'ready' && okStreak >= OK_STREAK_TO_START) void run();
  }, [phase, camera, okStreak, run]);

  useEffect(() => {
    if (camera !== 'ready' || phase !== 'align') return;
    const timer = setTimeout(() => setManualStart(true), MANUAL_START_AFTER_MS);
    return () => clearTimeout(timer);
  }, [camera, phase]);

  if (problem) {
    return (
      <section className="pv-card">
        <h1 className="pv-title">{t('liveness.title')}</h1>
        <CameraProblemNotice
          t={t}
          problem={problem}
          uploadNote={t('camera.livenessNeedsCamera')}
          onRetry={retry}
        />
      </section>
    );
  }

  const challenge = plan.current[current]?.challenge;
  const prompt =
    phase === 'done'
      ? t('liveness.captured')
      : phase === 'challenges' && challenge
        ? t(`liveness.challenge.${challenge}` as MessageKey)
        : camera === 'starting'
          ? t('camera.starting')
          : guidance === 'ok'
            ? t('guide.holdStill')
            : t(`guide.${guidance}` as MessageKey);
  const warn = phase === 'challenges' ? guidance !== 'ok' && guidance !== 'checking' && guidance !== 'lookStraight' : guidance !== 'ok';

  return (
    <section className="pv-card" data-testid="step-liveness" data-phase={phase}>
      <h1 className="pv-title">{t('liveness.title')}</h1>
      <p className="pv-muted">{t('liveness.intro')}</p>
      <CameraView
        key={attempt}
        facing="user"
        mirrored={PREVIEW_MIRRORED}
        aspect="portrait"
        videoRef={videoRef}
        label={t('liveness.title')}
        onReady={onReady}
        onProblem={onProblem}
      >
        <FaceOval state={camera !== 'ready' ? 'idle' : warn && phase === 'align' ? 'warn' : 'ok'} progress={phase === 'align' ? null : progress} />
        {phase === 'challenges' && challenge && <ChallengeCueIcon key={current} challenge={challenge} mirrored={PREVIEW_MIRRORED} />}
        <div className={`pv-prompt${phase === 'challenges' ? ' pv-prompt-challenge' : ''}`} aria-live="assertive" data-testid="liveness-prompt">
          {phase === 'challenges' && <span className="pv-prompt-step">{t('liveness.progress', { current: current + 1, total: plan.current.length })}</span>}
          <span className="pv-prompt-text">{prompt}</span>
          {phase === 'challenges' && warn && <span className="pv-prompt-warn">{t(`guide.${guidance}` as MessageKey)}</span>}
        </div>
      </CameraView>
      {phase === 'align' && manualStart && camera === 'ready' && (
        <div className="pv-actions">
          <button type="button" className="pv-btn pv-btn-secondary" data-testid="liveness-start-now" onClick={() => void run()}>
            {t('liveness.startNow')}
          </button>
        </div>
      )}
    </section>
  );
}
