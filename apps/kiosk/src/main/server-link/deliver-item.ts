import type { CheckName } from '@provefy/core';
import type { OfflineQueue, QueueItem, ResultSummary } from './offline-queue.js';
import { type FlowState, type ProvefyClient, sessionTokenOf } from './provefy-client.js';
import { ServerLinkError, isServerLinkError } from './server-link-error.js';

const TERMINAL = new Set(['COMPLETED', 'EXPIRED', 'CANCELLED']);

/** The next request that moves a server session forward with an item's captures. */
export type DeliveryAction = 'liveness' | 'selfie' | 'document_front' | 'document_back' | 'complete';

/**
 * Decides the next upload from the server's flow state (never from what the kiosk remembers sending): a check that
 * already has a final result is never sent again, and a request whose answer was lost is not repeated when the
 * server did process it. A retryable FAIL (attempts left) is sent again with the same captures until the server's
 * result is final, as the server's state machine requires.
 *
 * @example
 * ```ts
 * nextDeliveryAction(state, item); // 'liveness'
 * ```
 */
export function nextDeliveryAction(state: FlowState, item: Pick<QueueItem, 'liveness' | 'selfie' | 'documentFront' | 'documentBack'>): DeliveryAction {
  const check = (name: CheckName) => state.checks[name];
  const open = (name: CheckName) => {
    const c = check(name);
    return !!c && !c.final;
  };
  if (open('liveness') && item.liveness && item.liveness.frames.length > 0) return 'liveness';
  if (state.next.includes('selfie') && item.selfie) return 'selfie';
  if (state.next.includes('document_front') && item.documentFront) return 'document_front';
  if (state.next.includes('document_back') && item.documentBack) return 'document_back';
  if (open('age_estimation') && item.selfie) return 'selfie';
  if (open('doc_verify') && check('doc_verify')?.result === 'FAIL' && item.documentFront) return 'document_front';
  if (open('face_match') && check('face_match')?.result === 'FAIL' && item.selfie) return 'selfie';
  return 'complete';
}

/**
 * The idempotency key of an item's session creation (a new generation after an expired server session).
 *
 * @example
 * ```ts
 * createIdempotencyKey('0f9c2b1e-…', 0); // 'kiosk:0f9c2b1e-…:g0'
 * ```
 */
export function createIdempotencyKey(itemId: string, generation: number): string {
  return `kiosk:${itemId}:g${generation}`;
}

/**
 * A non-PII summary of a flow state.
 *
 * @example
 * ```ts
 * summariseState(state); // { status: 'COMPLETED', overallResult: 'APPROVED', checks: { liveness: { result: 'PASS', final: true, reasons: [] } } }
 * ```
 */
export function summariseState(state: FlowState): ResultSummary {
  const checks: ResultSummary['checks'] = {};
  for (const [name, c] of Object.entries(state.checks)) checks[name] = { result: c.result, final: c.final, reasons: c.reasons.map((r) => r.code) };
  return { status: state.status, overallResult: state.overallResult, checks };
}

export interface DeliverOptions {
  /** How many server sessions a walk-in may use when one expires before delivery (default 3). */
  maxGenerations?: number;
  /** Most upload rounds per session (default 16). */
  maxRounds?: number;
  onProgress?: (p: { status: string; action?: DeliveryAction; remoteSessionId: string | null }) => void;
}

/**
 * Delivers one queued verification and returns the server's result. Exactly-once effect from at-least-once sends:
 * the session is created with an `Idempotency-Key` derived from the item (a lost answer is replayed by the server,
 * never a second session), its id and token are stored before anything else, and every upload is chosen from the
 * server's current state ({@link nextDeliveryAction}). Since the server's flow API has no endpoint to submit results
 * computed elsewhere, the captures are uploaded and the server runs the checks itself.
 *
 * @example
 * ```ts
 * const serverResult = await deliverItem(queue, client, item.id);
 * queue.markDelivered(item.id, serverResult, Date.now());
 * ```
 */
export async function deliverItem(queue: OfflineQueue, client: ProvefyClient, id: string, opts: DeliverOptions = {}): Promise<ResultSummary> {
  const maxGenerations = opts.maxGenerations ?? 3;
  let item = queue.load(id);
  for (;;) {
    let token = item.remoteToken;
    let sessionId = item.remoteSessionId;
    if (!token) {
      if (item.kind !== 'walk_in' || !item.createBody) throw new ServerLinkError('item', 'The item has no server session and nothing to create one from');
      const created = await client.createSession(item.createBody, createIdempotencyKey(item.id, item.generation));
      token = sessionTokenOf(created.verificationUrl);
      if (!token) throw new ServerLinkError('item', 'The server answered without a usable verificationUrl');
      sessionId = created.sessionId;
      queue.saveRemote(item.id, { sessionId, token, generation: item.generation });
    }
    const config = await client.flowConfig(token);
    let state = config.state;
    sessionId = state.sessionId ?? sessionId;
    opts.onProgress?.({ status: state.status, remoteSessionId: sessionId });
    if (state.status === 'EXPIRED' && item.kind === 'walk_in' && item.generation + 1 < maxGenerations) {
      // The server session ran out before the kiosk could deliver: a walk-in gets a fresh one (new idempotency key).
      queue.newGeneration(item.id, item.generation + 1);
      item = queue.load(id);
      continue;
    }
    if (state.status === 'EXPIRED' || state.status === 'CANCELLED') {
      throw new ServerLinkError('item', `The server session is ${state.status}; the captures cannot be delivered to it`);
    }
    if (state.status === 'PENDING') state = await client.flowStart(token);
    const maxRounds = opts.maxRounds ?? 16;
    for (let round = 0; round < maxRounds && !TERMINAL.has(state.status); round++) {
      const action = nextDeliveryAction(state, item);
      opts.onProgress?.({ status: state.status, action, remoteSessionId: sessionId });
      try {
        state = await runAction(client, token, item, action);
      } catch (e) {
        // A check became final in between (e.g. an earlier answer was lost): read the state and go on.
        if (isServerLinkError(e) && e.serverCode === 'PROVEFY_ERR_SESSION_FINISHED') state = (await client.flowConfig(token)).state;
        else throw e;
      }
    }
    if (!TERMINAL.has(state.status)) throw new ServerLinkError('item', `The server session is still ${state.status} after ${maxRounds} uploads`);
    if (state.status !== 'COMPLETED') throw new ServerLinkError('item', `The server session ended ${state.status}`);
    return summariseState(state);
  }
}

async function runAction(client: ProvefyClient, token: string, item: QueueItem, action: DeliveryAction): Promise<FlowState> {
  switch (action) {
    case 'liveness':
      return client.uploadLiveness(token, item.liveness!.frames, {
        timestamps: item.liveness!.timestamps,
        mirrored: item.liveness!.mirrored,
        selfieFromFrames: item.selfie === null,
        ...(item.liveness!.challenges ? { challenges: item.liveness!.challenges } : {}),
        source: item.liveness!.source ?? null,
      });
    case 'selfie':
      return client.uploadSelfie(token, item.selfie!);
    case 'document_front':
      return (await client.uploadDocument(token, 'front', item.documentFront!, item.documentBack === null)).state;
    case 'document_back':
      return (await client.uploadDocument(token, 'back', item.documentBack!)).state;
    case 'complete':
      return client.complete(token);
  }
}
