import { ProvefyError } from '@provefy/core';
import type { Keyring } from '@provefy/server-adapter';
import type { KioskDb } from '../db/open-kiosk-db.js';
import type { LivenessCameraSource } from '../../shared/ipc-contract.js';
import type { CreateSessionBody } from './provefy-client.js';

/** A queued liveness capture: its frames, capture times (ms from the capture), the challenges prompted and the camera. */
export interface QueuedLiveness {
  frames: Uint8Array[];
  timestamps: number[];
  mirrored: boolean;
  /** The challenges the kiosk prompted, in order (sent with the key-attested upload). Absent in items queued before. */
  challenges?: string[];
  /** The camera report (the server's `captureSource`). */
  source?: LivenessCameraSource | null;
}

/** Non-PII summary of a result (local or the server's). */
export interface ResultSummary {
  status: string;
  overallResult: string | null;
  checks: Record<string, { result: string | null; final: boolean; reasons: string[] }>;
}

/** What a finished verification puts in the queue. */
export interface QueueItemInput {
  /** The local verification id (stable: idempotency keys derive from it). */
  id: string;
  kind: 'walk_in' | 'server_session';
  /** The exact POST /verify body (walk-ins): the same bytes on every retry, as idempotency requires. */
  createBody: CreateSessionBody | null;
  /** Known when the session existed at capture time. */
  remote: { sessionId: string | null; token: string } | null;
  liveness: QueuedLiveness | null;
  selfie: Uint8Array | null;
  documentFront: Uint8Array | null;
  documentBack: Uint8Array | null;
  localResult: ResultSummary;
  createdAt: number;
}

/** A queue row without secrets (for lists and the operator's screen). */
export interface QueueItemMeta {
  seq: number;
  id: string;
  kind: 'walk_in' | 'server_session';
  status: 'pending' | 'delivered' | 'rejected';
  createdAt: number;
  attempts: number;
  nextAttemptAt: number;
  lastError: string | null;
  generation: number;
  remoteSessionId: string | null;
  localResult: ResultSummary | null;
  serverResult: ResultSummary | null;
  deliveredAt: number | null;
  progress: Record<string, unknown>;
}

/** A queue item decrypted for delivery. */
export interface QueueItem extends QueueItemMeta {
  createBody: CreateSessionBody | null;
  remoteToken: string | null;
  liveness: QueuedLiveness | null;
  selfie: Uint8Array | null;
  documentFront: Uint8Array | null;
  documentBack: Uint8Array | null;
}

interface Row {
  seq: number;
  id: string;
  kind: QueueItemMeta['kind'];
  created_at: number;
  status: QueueItemMeta['status'];
  attempts: number;
  next_attempt_at: number;
  last_error: string | null;
  generation: number;
  remote_session_id: string | null;
  remote_token: string | null;
  progress: string;
  payload: string;
  local_result: string | null;
  server_result: string | null;
  delivered_at: number | null;
}

interface Payload {
  kind: 'walk_in' | 'server_session';
  createBody: CreateSessionBody | null;
  liveness: { timestamps: number[]; mirrored: boolean; frames: number; challenges?: string[]; source?: LivenessCameraSource | null } | null;
}

const BLOB_KINDS = ['frame', 'selfie', 'document_front', 'document_back'] as const;

/**
 * The kiosk's durable outbox in SQLite: finished verifications wait here, in order, until the server has them.
 * Everything personal is encrypted with AES-256-GCM (the reference, the request body, the session token, every
 * image), each value bound to its row and slot by AAD. After delivery the images and the payload are deleted
 * (SQLite `secure_delete` overwrites the freed pages); a non-PII skeleton (ids, results) stays for the history.
 *
 * @example
 * ```ts
 * const queue = new OfflineQueue(openKioskDb(file), loadQueueKeyring({ keyFile }));
 * queue.enqueue(item);
 * for (const meta of queue.pending()) { const item = queue.load(meta.id); ... }
 * ```
 */
export class OfflineQueue {
  readonly #db: KioskDb;
  readonly #ring: Keyring;

  constructor(db: KioskDb, ring: Keyring) {
    this.#db = db;
    this.#ring = ring;
  }

  /** Adds a finished verification (one transaction: the row and its encrypted images). Re-adding an id is a no-op. */
  enqueue(input: QueueItemInput): void {
    const payload: Payload = {
      kind: input.kind,
      createBody: input.createBody,
      liveness: input.liveness
        ? {
            timestamps: input.liveness.timestamps,
            mirrored: input.liveness.mirrored,
            frames: input.liveness.frames.length,
            ...(input.liveness.challenges ? { challenges: input.liveness.challenges } : {}),
            source: input.liveness.source ?? null,
          }
        : null,
    };
    const insert = this.#db.prepare(
      `INSERT INTO outbox (id, kind, created_at, status, payload, remote_session_id, remote_token, local_result)
       VALUES (?, ?, ?, 'pending', ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`,
    );
    const blob = this.#db.prepare('INSERT INTO outbox_blobs (item_id, kind, idx, data) VALUES (?, ?, ?, ?)');
    this.#db.transaction(() => {
      const r = insert.run(
        input.id,
        input.kind,
        input.createdAt,
        this.#ring.encryptJson(payload, `kiosk-outbox:${input.id}`),
        input.remote?.sessionId ?? null,
        input.remote ? this.#ring.encryptString(input.remote.token, `kiosk-outbox-token:${input.id}`) : null,
        JSON.stringify(input.localResult),
      );
      if (r.changes === 0) return;
      const put = (kind: (typeof BLOB_KINDS)[number], idx: number, bytes: Uint8Array | null) => {
        if (bytes) blob.run(input.id, kind, idx, this.#ring.encryptBytes(bytes, `kiosk-outbox:${input.id}:${kind}:${idx}`));
      };
      for (const [i, f] of (input.liveness?.frames ?? []).entries()) put('frame', i, f);
      put('selfie', 0, input.selfie);
      put('document_front', 0, input.documentFront);
      put('document_back', 0, input.documentBack);
    })();
  }

  #meta(r: Row): QueueItemMeta {
    return {
      seq: r.seq,
      id: r.id,
      kind: r.kind,
      status: r.status,
      createdAt: r.created_at,
      attempts: r.attempts,
      nextAttemptAt: r.next_attempt_at,
      lastError: r.last_error,
      generation: r.generation,
      remoteSessionId: r.remote_session_id,
      localResult: r.local_result ? (JSON.parse(r.local_result) as ResultSummary) : null,
      serverResult: r.server_result ? (JSON.parse(r.server_result) as ResultSummary) : null,
      deliveredAt: r.delivered_at,
      progress: JSON.parse(r.progress) as Record<string, unknown>,
    };
  }

  /** Items waiting for delivery, oldest first (the order they must reach the server in). */
  pending(): QueueItemMeta[] {
    return this.#db.prepare<[], Row>("SELECT * FROM outbox WHERE status = 'pending' ORDER BY seq").all().map((r) => this.#meta(r));
  }

  /** The latest items of any status, newest first (no PII). */
  list(limit = 50): QueueItemMeta[] {
    return this.#db.prepare<[number], Row>('SELECT * FROM outbox ORDER BY seq DESC LIMIT ?').all(limit).map((r) => this.#meta(r));
  }

  get(id: string): QueueItemMeta | null {
    const r = this.#db.prepare<[string], Row>('SELECT * FROM outbox WHERE id = ?').get(id);
    return r ? this.#meta(r) : null;
  }

  counts(): { pending: number; delivered: number; rejected: number } {
    const rows = this.#db.prepare<[], { status: string; n: number }>('SELECT status, COUNT(*) AS n FROM outbox GROUP BY status').all();
    const out = { pending: 0, delivered: 0, rejected: 0 };
    for (const r of rows) out[r.status as keyof typeof out] = r.n;
    return out;
  }

  /** Decrypts an item with its images for delivery. */
  load(id: string): QueueItem {
    const r = this.#db.prepare<[string], Row>('SELECT * FROM outbox WHERE id = ?').get(id);
    if (!r) throw new ProvefyError('PROVEFY_ERR_NOT_FOUND', 'No such queue item', { id });
    if (r.status === 'delivered') throw new ProvefyError('PROVEFY_ERR_INVALID_TRANSITION', 'The item was already delivered', { id });
    const payload = this.#ring.decryptJson<Payload>(r.payload, `kiosk-outbox:${id}`);
    const blobs = this.#db
      .prepare<[string], { kind: string; idx: number; data: Buffer }>('SELECT kind, idx, data FROM outbox_blobs WHERE item_id = ? ORDER BY kind, idx')
      .all(id)
      .map((b) => ({ kind: b.kind, idx: b.idx, bytes: new Uint8Array(this.#ring.decryptBytes(b.data, `kiosk-outbox:${id}:${b.kind}:${b.idx}`)) }));
    const one = (kind: string) => blobs.find((b) => b.kind === kind)?.bytes ?? null;
    const frames = blobs.filter((b) => b.kind === 'frame').sort((a, b) => a.idx - b.idx);
    if (payload.liveness && frames.length !== payload.liveness.frames) {
      throw new ProvefyError('PROVEFY_ERR_STORE', 'A queued item lost liveness frames', { id, expected: payload.liveness.frames, found: frames.length });
    }
    return {
      ...this.#meta(r),
      kind: payload.kind,
      createBody: payload.createBody,
      remoteToken: r.remote_token ? this.#ring.decryptString(r.remote_token, `kiosk-outbox-token:${id}`) : null,
      liveness: payload.liveness
        ? {
            frames: frames.map((f) => f.bytes),
            timestamps: payload.liveness.timestamps,
            mirrored: payload.liveness.mirrored,
            ...(payload.liveness.challenges ? { challenges: payload.liveness.challenges } : {}),
            source: payload.liveness.source ?? null,
          }
        : null,
      selfie: one('selfie'),
      documentFront: one('document_front'),
      documentBack: one('document_back'),
    };
  }

  /** Stores the server session of an item as soon as it is known (so a retry never creates a second one). */
  saveRemote(id: string, remote: { sessionId: string; token: string; generation: number }): void {
    this.#db
      .prepare('UPDATE outbox SET remote_session_id = ?, remote_token = ?, generation = ? WHERE id = ?')
      .run(remote.sessionId, this.#ring.encryptString(remote.token, `kiosk-outbox-token:${id}`), remote.generation, id);
  }

  /** Forgets the server session (its session expired on the server: the next generation creates a fresh one). */
  newGeneration(id: string, generation: number): void {
    this.#db.prepare('UPDATE outbox SET remote_session_id = NULL, remote_token = NULL, generation = ? WHERE id = ?').run(generation, id);
  }

  /** Notes progress (non-PII, e.g. the last flow status) for the operator's screen. */
  setProgress(id: string, progress: Record<string, unknown>): void {
    this.#db.prepare('UPDATE outbox SET progress = ? WHERE id = ?').run(JSON.stringify(progress), id);
  }

  /** A failed attempt: retry after `nextAttemptAt`. */
  recordFailure(id: string, error: string, nextAttemptAt: number): void {
    this.#db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?').run(error.slice(0, 500), nextAttemptAt, id);
  }

  /** Delivered: keeps the skeleton and the server's result, deletes the images and the encrypted payload. */
  markDelivered(id: string, serverResult: ResultSummary, now: number): void {
    this.#db.transaction(() => {
      this.#db
        .prepare("UPDATE outbox SET status = 'delivered', server_result = ?, delivered_at = ?, payload = '', remote_token = NULL, last_error = NULL, attempts = attempts + 1 WHERE id = ?")
        .run(JSON.stringify(serverResult), now, id);
      this.#db.prepare('DELETE FROM outbox_blobs WHERE item_id = ?').run(id);
    })();
  }

  /** Cannot be delivered (kept, with its images, for an operator to look at or requeue). */
  markRejected(id: string, error: string): void {
    this.#db.prepare("UPDATE outbox SET status = 'rejected', last_error = ?, attempts = attempts + 1 WHERE id = ?").run(error.slice(0, 500), id);
  }

  /** Puts a rejected item back in line (it keeps its original position). */
  requeue(id: string): void {
    this.#db.prepare("UPDATE outbox SET status = 'pending', next_attempt_at = 0 WHERE id = ? AND status = 'rejected'").run(id);
  }
}
