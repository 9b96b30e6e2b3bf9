import { describe, expect, it } from 'vitest';
import { objectPromiseCache } from './memo-per-object.js';

describe('objectPromiseCache', () => {
  it('runs once per object and key, not for primitives, and forgets rejections', async () => {
    const cache = objectPromiseCache<number>();
    let calls = 0;
    const make = () => Promise.resolve(++calls);
    const buf = Buffer.from('x');
    expect(await cache.get(buf, 'a', make)).toBe(1);
    expect(await cache.get(buf, 'a', make)).toBe(1);
    expect(await cache.get(buf, 'b', make)).toBe(2);
    expect(await cache.get('path.jpg', 'a', make)).toBe(3);
    expect(await cache.get('path.jpg', 'a', make)).toBe(4);
    const other = {};
    await expect(cache.get(other, 'a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await cache.get(other, 'a', make)).toBe(5);
  });
});

describe('memo on a reused object', () => {
  it('works again when a Buffer or a frame object is refilled with another image (real images, real models)', async () => {
    const { readFileSync } = await import('node:fs');
    const { join, resolve } = await import('node:path');
    const sharp = (await import('sharp')).default;
    const { findRepoRoot } = await import('../models/index.js');
    const { analyseFace } = await import('../face/analyse-face.js');
    const { getFaceEmbedding } = await import('../face/match/face-embedding.js');
    const dir = join(resolve(findRepoRoot() ?? process.cwd(), '../shared/fixtures'), 'faces/images/faceapi');
    const raw = async (file: string) => (await sharp(readFileSync(join(dir, file))).resize(320, 320, { fit: 'cover' }).removeAlpha().raw().toBuffer());
    const amy = await raw('amy/amy1.png');
    const grey = Buffer.alloc(amy.length, 128);
    // One frame object, as a camera ring buffer would hand it out twice with other pixels.
    const frame = { data: Buffer.from(amy), width: 320, height: 320, channels: 3 as const };
    expect((await analyseFace(frame)).face).not.toBeNull();
    frame.data.set(grey);
    expect((await analyseFace(frame)).face, 'a blank frame has no face, whatever the same object held before').toBeNull();
    frame.data.set(amy);
    const e1 = await getFaceEmbedding(frame);
    expect(e1).not.toBeNull();
    frame.data.set(grey);
    expect(await getFaceEmbedding(frame)).toBeNull();
  }, 60_000);
});
