import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { Inflate } from 'fflate';
import { ProvefyError } from '@provefy/core';
import { partPath } from '@provefy/core/models';

/** One file listed in a zip's central directory. */
export interface ZipMemberInfo {
  readonly name: string;
  /** 0 = stored, 8 = deflate. */
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
  readonly encrypted: boolean;
}

function bad(zipPath: string, why: string): ProvefyError {
  return new ProvefyError('PROVEFY_ERR_MODEL_DOWNLOAD', `${zipPath} is not a readable zip archive: ${why}`, { path: zipPath });
}

/**
 * Lists the members of a zip archive from its central directory (no extraction).
 *
 * @example
 * ```ts
 * const names = (await listZipMembers('buffalo_l.zip')).map((m) => m.name);
 * ```
 */
export async function listZipMembers(zipPath: string): Promise<ZipMemberInfo[]> {
  const fh = await open(zipPath, 'r');
  try {
    const { size } = await fh.stat();
    const tailLen = Math.min(size, 65_557);
    const tail = Buffer.alloc(tailLen);
    await fh.read(tail, 0, tailLen, size - tailLen);
    let eocd = -1;
    for (let i = tailLen - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw bad(zipPath, 'no end-of-central-directory record');
    const entries = tail.readUInt16LE(eocd + 10);
    const cdSize = tail.readUInt32LE(eocd + 12);
    const cdOffset = tail.readUInt32LE(eocd + 16);
    if (entries === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) throw bad(zipPath, 'ZIP64 archives are not supported');
    if (cdOffset + cdSize > size) throw bad(zipPath, 'the central directory lies beyond the end of the file (truncated?)');
    const cd = Buffer.alloc(cdSize);
    await fh.read(cd, 0, cdSize, cdOffset);
    const out: ZipMemberInfo[] = [];
    let p = 0;
    for (let i = 0; i < entries; i++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw bad(zipPath, `central directory entry ${i} is damaged`);
      const flags = cd.readUInt16LE(p + 8);
      const nameLen = cd.readUInt16LE(p + 28);
      const extraLen = cd.readUInt16LE(p + 30);
      const commentLen = cd.readUInt16LE(p + 32);
      const compressedSize = cd.readUInt32LE(p + 20);
      const uncompressed = cd.readUInt32LE(p + 24);
      const localHeaderOffset = cd.readUInt32LE(p + 42);
      if (compressedSize === 0xffffffff || uncompressed === 0xffffffff || localHeaderOffset === 0xffffffff) throw bad(zipPath, 'ZIP64 members are not supported');
      out.push({
        name: cd.toString('utf8', p + 46, p + 46 + nameLen),
        method: cd.readUInt16LE(p + 10),
        compressedSize,
        size: uncompressed,
        localHeaderOffset,
        encrypted: (flags & 1) === 1,
      });
      p += 46 + nameLen + extraLen + commentLen;
    }
    return out;
  } finally {
    await fh.close();
  }
}

/** Picks `member` by exact name, else the single member whose base name matches (zips often hold a folder). */
function pickMember(members: readonly ZipMemberInfo[], member: string, zipPath: string): ZipMemberInfo {
  const exact = members.find((m) => m.name === member);
  if (exact) return exact;
  const byBase = members.filter((m) => !m.name.endsWith('/') && basename(m.name) === basename(member));
  if (byBase.length === 1) return byBase[0]!;
  const listed = members.map((m) => m.name).join(', ');
  throw new ProvefyError(
    'PROVEFY_ERR_MODEL_DOWNLOAD',
    byBase.length > 1 ? `${zipPath} holds several files named ${member}: ${listed}` : `${zipPath} holds no member ${member} (it holds ${listed})`,
    { path: zipPath, member },
  );
}

/**
 * Extracts one member of a zip archive to `dest` (streamed, stored or deflate), through a `.part`
 * file that is renamed into place only when the member's sha256 matches `expectedSha256`.
 *
 * @example
 * ```ts
 * await extractZipMember('buffalo_l.zip', 'det_10g.onnx', '/cache/det_10g.onnx', '5838f7fe...');
 * ```
 */
export async function extractZipMember(zipPath: string, member: string, dest: string, expectedSha256: string | null | undefined): Promise<{ path: string; sha256: string }> {
  const info = pickMember(await listZipMembers(zipPath), member, zipPath);
  if (info.encrypted) throw bad(zipPath, `member ${info.name} is encrypted`);
  if (info.method !== 0 && info.method !== 8) throw bad(zipPath, `member ${info.name} uses compression method ${info.method} (only stored and deflate are supported)`);
  const fh = await open(zipPath, 'r');
  let dataStart: number;
  try {
    const local = Buffer.alloc(30);
    await fh.read(local, 0, 30, info.localHeaderOffset);
    if (local.readUInt32LE(0) !== 0x04034b50) throw bad(zipPath, `the local header of ${info.name} is damaged`);
    dataStart = info.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  } finally {
    await fh.close();
  }
  await mkdir(dirname(dest), { recursive: true });
  const part = partPath(dest);
  const out = await open(part, 'w');
  const hash = createHash('sha256');
  let written = 0;
  let ok = false;
  try {
    const pending: Uint8Array[] = [];
    const inflate = info.method === 8 ? new Inflate() : undefined;
    if (inflate) inflate.ondata = (data) => void pending.push(data);
    const flush = async () => {
      for (const c of pending.splice(0)) {
        hash.update(c);
        written += c.length;
        await out.write(c);
      }
    };
    const input = info.compressedSize > 0 ? createReadStream(zipPath, { start: dataStart, end: dataStart + info.compressedSize - 1 }) : [];
    for await (const chunk of input) {
      const c = chunk as Buffer;
      if (inflate) inflate.push(c);
      else pending.push(c);
      await flush();
    }
    inflate?.push(new Uint8Array(0), true);
    await flush();
    if (written !== info.size) throw bad(zipPath, `member ${info.name} inflated to ${written} bytes, the directory says ${info.size}`);
    await out.sync();
    ok = true;
  } catch (cause) {
    if (cause instanceof ProvefyError) throw cause;
    throw bad(zipPath, `member ${info.name} could not be inflated: ${(cause as Error).message}`);
  } finally {
    await out.close();
    if (!ok) await rm(part, { force: true });
  }
  const actual = hash.digest('hex');
  if (expectedSha256 && actual !== expectedSha256) {
    await rm(part, { force: true });
    throw new ProvefyError('PROVEFY_ERR_MODEL_CHECKSUM', `Member ${info.name} of ${zipPath} has sha256 ${actual}, expected ${expectedSha256}; it was not installed`, {
      path: dest,
      archive: zipPath,
      member: info.name,
      expected: expectedSha256,
      actual,
    });
  }
  await rename(part, dest);
  return { path: dest, sha256: actual };
}
