import type { Challenge } from '../api/flow-api.js';

/** How long one challenge is shown and how many frames are taken during it. */
export interface ChallengePlan {
  challenge: Challenge;
  durationMs: number;
  frames: number;
}

/**
 * Display time and frames of each challenge (34 frames for the usual three challenges): a blink lasts 100-300 ms and
 * the liveness check wants the eyes closed in at least one frame, so it gets 10 frames a second; a head turn needs a
 * few frames past 22 degrees, about 5 a second. Every frame costs the server about a quarter of a second.
 */
const BASE: Record<Challenge, { durationMs: number; frames: number }> = {
  look_straight: { durationMs: 1200, frames: 4 },
  blink: { durationMs: 1800, frames: 18 },
  turn_left: { durationMs: 2600, frames: 12 },
  turn_right: { durationMs: 2600, frames: 12 },
};

/**
 * Splits the frame budget of one liveness upload (the server's `maxFrames`) over the session's challenges: each
 * challenge gets its display time and a share of frames by weight, at least 2, never more than the budget in total.
 *
 * @example
 * ```ts
 * planCapture(['look_straight', 'blink', 'turn_left'], 40);
 * // [{ challenge: 'look_straight', durationMs: 1200, frames: 4 }, { challenge: 'blink', ..., frames: 18 }, { challenge: 'turn_left', ..., frames: 12 }]
 * ```
 */
export function planCapture(challenges: readonly Challenge[], maxFrames: number): ChallengePlan[] {
  const list = challenges.length > 0 ? challenges : (['look_straight'] as Challenge[]);
  const budget = Math.max(list.length * 2, Math.floor(maxFrames));
  const weight = list.reduce((s, c) => s + BASE[c].frames, 0);
  const scale = Math.min(1, budget / weight);
  const plans = list.map((c) => ({ challenge: c, durationMs: BASE[c].durationMs, frames: Math.max(2, Math.floor(BASE[c].frames * scale)) }));
  let total = plans.reduce((s, p) => s + p.frames, 0);
  for (let i = plans.length - 1; total > budget && i >= 0; i--) {
    const cut = Math.min(plans[i]!.frames - 2, total - budget);
    plans[i]!.frames -= cut;
    total -= cut;
  }
  return plans;
}
