import { randomBytes } from 'node:crypto';
import { Keyring, deriveKeyId } from '@provefy/server-adapter';
import { describe, expect, it } from 'vitest';
import { openKioskDb } from '../db/open-kiosk-db.js';
import { OfflineQueue, type QueueItemInput } from './offline-queue.js';

function ring(): Keyring {
  const key = randomBytes(32);
  return new Keyring([{ id: deriveKeyId(key), key }]);
}

function item(id: string, ref: string): QueueItemInput {
  const jpeg = (n: number) => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, n, n, n, 0xff, 0xd9]);
  return {
    id,
    kind: 'walk_in',
    createBody: { externalRef: ref, checks: ['liveness', 'age_estimation'], metadata: { kioskVerificationId: id } },
    remote: null,
    liveness: { frames: [jpeg(1), jpeg(2), jpeg(3)], timestamps: [0, 100, 200], mirrored: false },
    selfie: jpeg(9),
    documentFront: null,
    documentBack: null,
    localResult: { status: 'COMPLETED', overallResult: 'APPROVED', checks: { liveness: { result: 'PASS', final: true, reasons: [] } } },
    createdAt: Date.now(),
  };
}

describe('offline queue (SQLite, AES-256-GCM)', () => {
  it('keeps items in order and decrypts them intact', () => {
    const q = new OfflineQueue(openKioskDb(':memory:'), ring());
    q.enqueue(item('a', 'customer-a'));
    q.enqueue(item('b', 'customer-b'));
    q.enqueue(item('a', 'customer-a')); // idempotent
    expect(q.pending().map((p) => p.id)).toEqual(['a', 'b']);
    const a = q.load('a');
    expect(a.createBody).toEqual(item('a', 'customer-a').createBody);
    expect(a.liveness!.frames.map((f) => f[4])).toEqual([1, 2, 3]);
    expect(a.liveness!.timestamps).toEqual([0, 100, 200]);
    expect(a.selfie![4]).toBe(9);
    expect(q.counts()).toEqual({ pending: 2, delivered: 0, rejected: 0 });
  });

  it('stores nothing personal in clear, and binds each value to its row', () => {
    const db = openKioskDb(':memory:');
    const q = new OfflineQueue(db, ring());
    q.enqueue(item('a', 'customer-a'));
    q.enqueue(item('b', 'customer-b'));
    q.saveRemote('a', { sessionId: 's-1', token: 'tokenTOKENtoken123456', generation: 0 });
    const rows = JSON.stringify(db.prepare('SELECT * FROM outbox').all());
    expect(rows).not.toContain('customer-a');
    expect(rows).not.toContain('tokenTOKENtoken123456');
    const blobs = db.prepare('SELECT item_id, kind, idx, data FROM outbox_blobs').all() as { item_id: string; kind: string; idx: number; data: Buffer }[];
    expect(blobs.every((b) => b.data[0] !== 0xff)).toBe(true);
    // swapping an encrypted image between items is detected (AAD)
    const selfieA = blobs.find((b) => b.item_id === 'a' && b.kind === 'selfie')!;
    const selfieB = blobs.find((b) => b.item_id === 'b' && b.kind === 'selfie')!;
    db.prepare("UPDATE outbox_blobs SET data = ? WHERE item_id = 'a' AND kind = 'selfie'").run(selfieB.data);
    expect(() => q.load('a')).toThrow(expect.objectContaining({ code: 'PROVEFY_ERR_DECRYPT' }));
    db.prepare("UPDATE outbox_blobs SET data = ? WHERE item_id = 'a' AND kind = 'selfie'").run(selfieA.data);
    expect(q.load('a').remoteToken).toBe('tokenTOKENtoken123456');
    // another key cannot read it
    expect(() => new OfflineQueue(db, ring()).load('a')).toThrow(expect.objectContaining({ code: 'PROVEFY_ERR_DECRYPT' }));
  });

  it('after delivery keeps only the skeleton and the server result', () => {
    const db = openKioskDb(':memory:');
    const q = new OfflineQueue(db, ring());
    q.enqueue(item('a', 'customer-a'));
    q.markDelivered('a', { status: 'COMPLETED', overallResult: 'APPROVED', checks: {} }, 123);
    expect(q.get('a')).toMatchObject({ status: 'delivered', deliveredAt: 123, serverResult: { overallResult: 'APPROVED' }, localResult: { overallResult: 'APPROVED' } });
    expect((db.prepare('SELECT COUNT(*) AS n FROM outbox_blobs').get() as { n: number }).n).toBe(0);
    expect(db.prepare("SELECT payload FROM outbox WHERE id = 'a'").get()).toEqual({ payload: '' });
    expect(() => q.load('a')).toThrow(expect.objectContaining({ code: 'PROVEFY_ERR_INVALID_TRANSITION' }));
    expect(q.pending()).toEqual([]);
  });

  it('parks rejected items with their data and can requeue them in their place', () => {
    const q = new OfflineQueue(openKioskDb(':memory:'), ring());
    q.enqueue(item('a', 'x'));
    q.enqueue(item('b', 'y'));
    q.markRejected('a', 'The server session is CANCELLED');
    expect(q.pending().map((p) => p.id)).toEqual(['b']);
    expect(q.load('a').selfie).not.toBeNull();
    q.requeue('a');
    expect(q.pending().map((p) => p.id)).toEqual(['a', 'b']);
  });
});
