import type { FlowState } from '../api/flow-api.js';

/** What the page does once the session is finished. */
export type CompletionAction =
  | { kind: 'post-message'; targetOrigin: string; message: { type: 'provefy:complete'; data: { sessionId: string; overallResult: string | null } } }
  | { kind: 'redirect'; url: string }
  | { kind: 'none' };

function originOf(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const u = new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
}

/**
 * The origin of the page embedding this one: `location.ancestorOrigins[0]` where the browser has it, else the
 * referrer's origin. Null when not framed or unknown.
 *
 * @example
 * ```ts
 * embeddingOrigin({ framed: true, ancestorOrigins: ['https://shop.example'], referrer: '' }); // 'https://shop.example'
 * ```
 */
export function embeddingOrigin(env: { framed: boolean; ancestorOrigins?: ArrayLike<string> | null; referrer?: string }): string | null {
  if (!env.framed) return null;
  const ancestor = env.ancestorOrigins && env.ancestorOrigins.length > 0 ? env.ancestorOrigins[0] : null;
  return originOf(ancestor) ?? originOf(env.referrer);
}

/**
 * What to do after completion. Framed: `postMessage({ type: 'provefy:complete', data: { sessionId, overallResult } })`
 * to the embedding origin, and only when the API key allows that origin to frame the page (never `'*'`). Not
 * framed: redirect to the session's `redirectUrl` (already `?session_id=...&result=...`, allowed origins only).
 *
 * @example
 * ```ts
 * completionAction(state, { framed: true, embeddingOrigin: 'https://shop.example', allowedFrameOrigins: ['https://shop.example'] });
 * // { kind: 'post-message', targetOrigin: 'https://shop.example', message: { type: 'provefy:complete', data: {...} } }
 * ```
 */
export function completionAction(
  state: Pick<FlowState, 'status' | 'sessionId' | 'overallResult' | 'redirectUrl' | 'completion'>,
  env: { framed: boolean; embeddingOrigin: string | null; allowedFrameOrigins: readonly string[] },
): CompletionAction {
  if (state.status !== 'COMPLETED') return { kind: 'none' };
  if (env.framed) {
    const allowed = new Set(env.allowedFrameOrigins.map(originOf).filter((o): o is string => o !== null));
    if (env.embeddingOrigin && allowed.has(env.embeddingOrigin)) {
      const data = state.completion?.data ?? { sessionId: state.sessionId, overallResult: state.overallResult };
      return {
        kind: 'post-message',
        targetOrigin: env.embeddingOrigin,
        message: { type: 'provefy:complete', data: { ...data, sessionId: data.sessionId, overallResult: data.overallResult ?? null } },
      };
    }
    return { kind: 'none' };
  }
  if (state.redirectUrl && originOf(state.redirectUrl)) return { kind: 'redirect', url: state.redirectUrl };
  return { kind: 'none' };
}
