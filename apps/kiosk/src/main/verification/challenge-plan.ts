import type { ChallengeStepView, ChallengeType } from '../../shared/kiosk-view.js';
import type { KioskConfig } from '../config/kiosk-config.js';

const KNOWN: readonly ChallengeType[] = ['look_straight', 'blink', 'turn_left', 'turn_right'];

/**
 * The challenges captured when the server's own order is not known yet (a walk-in while offline): look straight,
 * blink, turn left, turn right, blink again. Every order the server may draw for the session it creates later
 * (look straight, then a blink and one turn in either order and direction) is a subsequence of it, so the same
 * frames can be checked against it.
 */
export const OFFLINE_CHALLENGES: readonly ChallengeType[] = ['look_straight', 'blink', 'turn_left', 'turn_right', 'blink'];

/**
 * The liveness capture plan: each challenge with its capture time, and the frame rate that keeps the whole capture
 * within `maxFrames` (the server's per-request frame limit).
 *
 * @example
 * ```ts
 * planCapture(['look_straight', 'blink', 'turn_left'], config.capture, 30);
 * // { steps: [{ type: 'look_straight', durationMs: 1200 }, ...], fps: 5.8, maxFrames: 30 }
 * ```
 */
export function planCapture(challenges: readonly string[], capture: KioskConfig['capture'], serverMaxFrames?: number): { steps: ChallengeStepView[]; fps: number; maxFrames: number } {
  const list = challenges.filter((c): c is ChallengeType => (KNOWN as readonly string[]).includes(c));
  const types = list.length > 0 ? list : (['look_straight', 'blink'] as ChallengeType[]);
  const steps = types.map((type) => ({
    type,
    durationMs: type === 'look_straight' ? capture.lookStraightMs : type === 'blink' ? capture.blinkMs : capture.turnMs,
  }));
  const maxFrames = Math.max(3, Math.min(capture.maxFrames, serverMaxFrames ?? capture.maxFrames));
  const seconds = steps.reduce((s, x) => s + x.durationMs, 0) / 1000;
  const fps = Math.max(1, Math.min(capture.fps, Math.floor(((maxFrames - 1) / seconds) * 10) / 10));
  return { steps, fps, maxFrames };
}

/**
 * The challenge list for `verifyLiveness`: the plan's types in order without repeats.
 *
 * @example
 * ```ts
 * challengeTypes([{ type: 'look_straight', durationMs: 1 }, { type: 'blink', durationMs: 1 }, { type: 'blink', durationMs: 1 }]); // ['look_straight', 'blink']
 * ```
 */
export function challengeTypes(steps: readonly ChallengeStepView[]): ChallengeType[] {
  return [...new Set(steps.map((s) => s.type))];
}
