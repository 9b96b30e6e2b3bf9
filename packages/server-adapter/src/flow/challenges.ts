import { createHash } from 'node:crypto';

/** Liveness challenges the flow asks for (the names `verifyLiveness` understands). */
export type Challenge = 'look_straight' | 'blink' | 'turn_left' | 'turn_right';

/**
 * The challenges of a session: look straight first, then a blink and one head turn in an order and direction drawn
 * from the session id (stable for the session, unpredictable across sessions, so a replayed recording of another
 * session does not fit).
 *
 * @example
 * ```ts
 * challengesFor('f4a9644f-0c9f-4aab-a879-3c2b1e0d9f11'); // e.g. ['look_straight', 'turn_right', 'blink']
 * ```
 */
export function challengesFor(sessionId: string, secret = ''): Challenge[] {
  const h = createHash('sha256').update(`${secret}:${sessionId}`).digest();
  const turn: Challenge = (h[0]! & 1) === 0 ? 'turn_left' : 'turn_right';
  return (h[1]! & 1) === 0 ? ['look_straight', 'blink', turn] : ['look_straight', turn, 'blink'];
}
