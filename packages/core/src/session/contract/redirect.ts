import { ProvefyError } from '../../errors/index.js';
import { isTerminalStatus } from '../check-names.js';
import type { Session } from '../types.js';
import type { CompletionMessage } from './contract-types.js';

function requireFinished(session: Session, what: string): void {
  if (!isTerminalStatus(session.status)) {
    throw new ProvefyError('PROVEFY_ERR_INVALID_TRANSITION', `No ${what} before the session has finished; it is ${session.status}`, {
      sessionId: session.id,
      status: session.status,
    });
  }
}

/**
 * Where the hosted flow sends the user when the session is finished: the session's `redirectUrl` with
 * `session_id` and `result` query parameters (`result` is the overall result, or `EXPIRED`/`CANCELLED` for a
 * session that did not complete). `null` when the session has no `redirectUrl`.
 *
 * @example
 * ```ts
 * toRedirectUrl(session); // 'https://yourapp.com/done?session_id=f4a9644f-...&result=APPROVED'
 * ```
 */
export function toRedirectUrl(session: Session): string | null {
  requireFinished(session, 'redirect');
  if (!session.redirectUrl) return null;
  const url = new URL(session.redirectUrl);
  url.searchParams.set('session_id', session.id);
  url.searchParams.set('result', session.overallResult ?? session.status);
  return url.toString();
}

/**
 * The `postMessage` the embedded (iframe) flow sends to its parent page when the session is finished;
 * the contract's listener reads `event.data.type === 'provefy:complete'` and `event.data.data.overallResult`.
 *
 * @example
 * ```ts
 * window.parent.postMessage(toCompletionMessage(session), '*');
 * ```
 */
export function toCompletionMessage(session: Session): CompletionMessage {
  requireFinished(session, 'completion message');
  return { type: 'provefy:complete', data: { sessionId: session.id, status: session.status, overallResult: session.overallResult } };
}
