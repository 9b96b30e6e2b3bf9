import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { extractZipMember, listZipMembers } from './zip-member.js';

const root = mkdtempSync(join(tmpdir(), 'provefy-zip-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const body = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 7919) % 251);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const zip = zipSync({ 'pack/model.onnx': [body, { level: 6 }], 'pack/readme.txt': [strToU8('hello'), { level: 0 }] });
const zipPath = join(root, 'pack.zip');
writeFileSync(zipPath, zip);

describe('zip members', () => {
  it('lists the central directory and extracts a deflated member by its base name, verified', async () => {
    const list = await listZipMembers(zipPath);
    expect(list.map((m) => [m.name, m.method, m.size])).toEqual([
      ['pack/model.onnx', 8, body.length],
      ['pack/readme.txt', 0, 5],
    ]);
    const out = join(root, 'out', 'model.onnx');
    const r = await extractZipMember(zipPath, 'model.onnx', out, sha(body));
    expect(r).toEqual({ path: out, sha256: sha(body) });
    expect(readdirSync(join(root, 'out'))).toEqual(['model.onnx']);
  });

  it('refuses a wrong sha256, a missing member, a truncated archive and damaged data, leaving nothing behind', async () => {
    const dir = join(root, 'bad');
    await expect(extractZipMember(zipPath, 'model.onnx', join(dir, 'm.onnx'), 'ab'.repeat(32))).rejects.toMatchObject({ code: 'PROVEFY_ERR_MODEL_CHECKSUM' });
    await expect(extractZipMember(zipPath, 'nope.onnx', join(dir, 'n.onnx'), null)).rejects.toThrow(/holds no member nope.onnx/);
    const truncated = join(root, 'truncated.zip');
    writeFileSync(truncated, zip.subarray(0, zip.length - 30));
    await expect(listZipMembers(truncated)).rejects.toMatchObject({ code: 'PROVEFY_ERR_MODEL_DOWNLOAD' });
    const damaged = Buffer.from(zip);
    for (let i = 100; i < 140; i++) damaged[i] = 0xff; // inside the deflate stream of the first member
    const damagedPath = join(root, 'damaged.zip');
    writeFileSync(damagedPath, damaged);
    await expect(extractZipMember(damagedPath, 'pack/model.onnx', join(dir, 'd.onnx'), sha(body))).rejects.toMatchObject({ code: expect.stringMatching(/PROVEFY_ERR_MODEL_(DOWNLOAD|CHECKSUM)/) });
    expect(existsSync(dir) ? readdirSync(dir) : []).toEqual([]);
  });
});
