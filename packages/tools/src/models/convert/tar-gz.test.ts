import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readTarGzMembers } from './tar-gz.js';

const root = mkdtempSync(join(tmpdir(), 'provefy-tar-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const longDir = `package/${'deep-folder-name/'.repeat(8)}model`; // > 100 characters: needs a long-name record
const files: Record<string, Buffer> = {
  'package/package.json': Buffer.from('{"name":"x"}'),
  'package/model/w.bin': Buffer.from(Array.from({ length: 1500 }, (_, i) => i % 251)),
  [`${longDir}/long.bin`]: Buffer.from('long name member'),
};
for (const [p, b] of Object.entries(files)) {
  mkdirSync(join(root, 'src', p, '..'), { recursive: true });
  writeFileSync(join(root, 'src', p), b);
}

/** A real .tgz written by GNU tar in the given format. */
function makeTgz(format: 'gnu' | 'pax' | 'ustar'): Buffer {
  const out = join(root, `${format}.tgz`);
  execFileSync('tar', [`--format=${format}`, '-czf', out, '-C', join(root, 'src'), 'package']);
  return readFileSync(out);
}

describe('readTarGzMembers', () => {
  it.each(['gnu', 'pax'] as const)('reads members of a %s tar, including names over 100 characters', (format) => {
    const tgz = makeTgz(format);
    const m = readTarGzMembers(tgz, Object.keys(files));
    expect([...m.keys()].sort()).toEqual(Object.keys(files).sort());
    for (const [p, b] of Object.entries(files)) expect(Buffer.from(m.get(p)!).equals(b)).toBe(true);
  });

  it('selects members with a predicate and leaves out folders and missing names', () => {
    const m = readTarGzMembers(makeTgz('pax'), (p) => p.startsWith('package/model/'));
    expect([...m.keys()]).toEqual(['package/model/w.bin']);
    expect(readTarGzMembers(makeTgz('pax'), ['package/nope']).size).toBe(0);
  });

  it('refuses a corrupt header and data that is not gzip', () => {
    const tar = Buffer.from(gunzipSync(makeTgz('ustar')));
    tar[10] = tar[10]! ^ 0x20; // flips a bit of the first member's name: the header checksum no longer matches
    expect(() => readTarGzMembers(gzipSync(tar), ['package/package.json'])).toThrow(/corrupt header/);
    expect(() => readTarGzMembers(Buffer.from('not a tarball'), ['x'])).toThrow(/not valid gzip/);
  });
});

describe('readTarGzMembers on a cut archive', () => {
  it('refuses a tarball truncated inside a member instead of returning part of it', () => {
    const tar = gunzipSync(makeTgz('pax'));
    expect(() => readTarGzMembers(gzipSync(tar.subarray(0, 2048)), Object.keys(files))).toThrow(/truncated/i);
  });
});
