import { useCallback, useState } from 'react';
import type { CameraProblem } from '../camera/open-camera.js';

/** The camera of a capture step: starting, ready, or the problem that stopped it, and how to try again. */
export interface CameraState {
  camera: 'starting' | 'ready' | CameraProblem;
  /** The problem that stopped the camera, or null while it starts or runs. */
  problem: CameraProblem | null;
  /** Key for `CameraView`: it changes on every retry, so the view opens the camera again. */
  attempt: number;
  onReady: () => void;
  onProblem: (p: CameraProblem) => void;
  retry: () => void;
}

/**
 * One camera lifecycle shared by the selfie, document and liveness steps.
 *
 * @example
 * ```tsx
 * const cam = useCameraState();
 * return cam.problem ? <CameraProblemNotice problem={cam.problem} onRetry={cam.retry} … /> : <CameraView key={cam.attempt} onReady={cam.onReady} onProblem={cam.onProblem} … />;
 * ```
 */
export function useCameraState(): CameraState {
  const [camera, setCamera] = useState<'starting' | 'ready' | CameraProblem>('starting');
  const [attempt, setAttempt] = useState(0);
  const onReady = useCallback(() => setCamera('ready'), []);
  const onProblem = useCallback((p: CameraProblem) => setCamera(p), []);
  const retry = useCallback(() => {
    setCamera('starting');
    setAttempt((a) => a + 1);
  }, []);
  const problem = camera !== 'starting' && camera !== 'ready' ? camera : null;
  return { camera, problem, attempt, onReady, onProblem, retry };
}
