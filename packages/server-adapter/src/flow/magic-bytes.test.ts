import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { FIXTURES } from '../../../../test/helpers/paths.js';
import { describe, expect, it } from 'vitest';
import { sniffImageType } from './magic-bytes.js';

describe('sniffImageType', () => {
  it('recognises real JPEG, PNG and WebP files and nothing else', async () => {
    const dir = join(FIXTURES, 'faces/images/face_recognition');
    const file = readdirSync(dir).find((f) => /\.jpe?g$/i.test(f));
    expect(file).toBeDefined();
    const jpeg = readFileSync(join(dir, file!));
    expect(sniffImageType(jpeg)).toBe('image/jpeg');
    expect(sniffImageType(await sharp(jpeg).png().toBuffer())).toBe('image/png');
    expect(sniffImageType(await sharp(jpeg).webp().toBuffer())).toBe('image/webp');
    expect(sniffImageType(await sharp(jpeg).gif().toBuffer())).toBeNull();
    expect(sniffImageType(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeNull();
    expect(sniffImageType(new Uint8Array([0xff, 0xd8]))).toBeNull();
    expect(sniffImageType(new Uint8Array(0))).toBeNull();
  });
});
