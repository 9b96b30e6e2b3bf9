import type { MessageKey } from '../i18n/i18n.js';
import { en } from '../i18n/messages-en.js';

/** A reason as the flow state and the kiosk view carry it (`challenges` with CHALLENGE_NOT_PERFORMED). */
export interface ReasonLike {
  code: string;
  challenges?: readonly { type: string; cause: string | null }[];
}

/** Codes that only inform (a check that passed with them): not shown when a real problem is beside them. */
const INFORMATIONAL = new Set(['MRZ_REPAIRED', 'AGE_FROM_DOCUMENT']);

/** Error codes (`PROVEFY_ERR_...`) an unusable capture can give, worded as a reason. */
const ERROR_AS_REASON: Record<string, string> = {
  PROVEFY_ERR_NO_FACE: 'NO_FACE',
  PROVEFY_ERR_MULTIPLE_FACES: 'MULTIPLE_FACES',
  PROVEFY_ERR_FACE_TOO_SMALL: 'LOW_QUALITY',
  PROVEFY_ERR_NO_DOCUMENT: 'NO_DOCUMENT',
  PROVEFY_ERR_INVALID_IMAGE: 'IMAGE_UNUSABLE',
  PROVEFY_ERR_UNSUPPORTED_IMAGE_FORMAT: 'IMAGE_UNUSABLE',
  PROVEFY_ERR_IMAGE_TOO_LARGE: 'IMAGE_UNUSABLE',
  PROVEFY_ERR_IMAGE_TOO_SMALL: 'IMAGE_UNUSABLE',
  PROVEFY_ERR_VIDEO: 'IMAGE_UNUSABLE',
};

const TURN_CAUSES = new Set(['no_turn', 'wrong_direction', 'no_return']);

/**
 * The message of one reason code (a check's reason code, or an error code of an unusable capture); `reason.generic`
 * for a code it does not know.
 *
 * @example
 * ```ts
 * reasonMessageKey('NO_FACE');                // 'reason.NO_FACE'
 * reasonMessageKey('PROVEFY_ERR_INVALID_IMAGE'); // 'reason.IMAGE_UNUSABLE'
 * reasonMessageKey('SOMETHING_NEW');          // 'reason.generic'
 * ```
 */
export function reasonMessageKey(code: string): MessageKey {
  const c = ERROR_AS_REASON[code] ?? code.toUpperCase();
  const key = `reason.${c}`;
  return (hasKey(key) ? key : 'reason.generic') as MessageKey;
}

/**
 * The message of one challenge that was not found, worded from its cause: "you turned to your right, but we asked
 * for your left", "we did not see you blink". A missing or unknown cause gives the challenge's "not seen" message.
 *
 * @example
 * ```ts
 * challengeCauseKey('turn_left', 'wrong_direction'); // 'cause.turn_left.wrong_direction'
 * challengeCauseKey('blink', null);                  // 'cause.blink.no_blink'
 * ```
 */
export function challengeCauseKey(type: string, cause: string | null): MessageKey {
  if (cause === 'too_few_frames') return 'reason.TOO_FEW_FRAMES';
  if (type === 'turn_left' || type === 'turn_right') return `cause.${type}.${cause && TURN_CAUSES.has(cause) ? cause : 'no_turn'}` as MessageKey;
  if (type === 'blink') return cause === 'eyes_not_seen' ? 'cause.blink.eyes_not_seen' : 'cause.blink.no_blink';
  if (type === 'look_straight') return 'cause.look_straight.not_facing';
  return 'reason.CHALLENGE_NOT_PERFORMED';
}

/**
 * What went wrong and what to do, as message keys in order and without repeats: each reason's message, a missed
 * challenge worded by its cause; informational codes only when nothing else is there; at most `max` (default 3).
 *
 * @example
 * ```ts
 * retryMessageKeys([{ code: 'CHALLENGE_NOT_PERFORMED', challenges: [{ type: 'turn_left', cause: 'wrong_direction' }] }, { code: 'MULTIPLE_FACES' }]);
 * // ['cause.turn_left.wrong_direction', 'reason.MULTIPLE_FACES']
 * retryMessageKeys([]); // ['reason.generic']
 * ```
 */
export function retryMessageKeys(reasons: readonly ReasonLike[], max = 3): MessageKey[] {
  const real = reasons.filter((r) => !INFORMATIONAL.has(r.code));
  const keys: MessageKey[] = [];
  for (const r of real.length ? real : reasons) {
    const missed = r.code === 'CHALLENGE_NOT_PERFORMED' ? (r.challenges ?? []) : [];
    if (missed.length) for (const m of missed) keys.push(challengeCauseKey(m.type, m.cause));
    else keys.push(reasonMessageKey(r.code));
  }
  const unique = [...new Set(keys)];
  return unique.length ? unique.slice(0, max) : ['reason.generic'];
}

/**
 * The message for an image asked for again (an upload answer's `retake`, code IMAGE_UNUSABLE).
 *
 * @example
 * ```ts
 * retakeMessageKey('document_front'); // 'retake.document_front'
 * ```
 */
export function retakeMessageKey(step: string): MessageKey {
  return (hasKey(`retake.${step}`) ? `retake.${step}` : 'reason.IMAGE_UNUSABLE') as MessageKey;
}

/** Whether the catalogues have a text for `key` (every language has the same keys, tested). */
function hasKey(key: string): boolean {
  return Object.hasOwn(en, key);
}
