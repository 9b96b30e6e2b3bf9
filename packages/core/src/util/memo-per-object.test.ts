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
