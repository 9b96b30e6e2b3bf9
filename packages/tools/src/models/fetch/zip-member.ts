/**
 * Zip archives of official model downloads (InsightFace's `buffalo_*.zip`), read with yauzl: it checks the
 * central directory against the local headers and each member's sizes, and reads ZIP64. A member is
 * streamed to a `.part` file and renamed into place only when its sha256 matches.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { ProvefyError } from '@provefy/core';
import { partPath } from '@provefy/core/models';
import yauzl, { type Entry, type ZipFile } from 'yauzl';

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

function bad(zipPath: string, why: string, cause?: unknown): ProvefyError {
  return new ProvefyError('PROVEFY_ERR_MODEL_DOWNLOAD', `${zipPath} is not a readable zip archive: ${why}`, { path: zipPath }, { cause });
}

const openZip = promisify<string, yauzl.Options, ZipFile>(yauzl.open);

/** Opens the archive and reads its whole central directory. */
async function readDirectory(zipPath: string): Promise<{ zip: ZipFile; entries: Entry[] }> {
  let zip: ZipFile;
  try {
    zip = await openZip(zipPath, { lazyEntries: true, autoClose: false });
  } catch (cause) {
    throw bad(zipPath, (cause as Error).message, cause);
  }
  const entries: Entry[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('entry', (e: Entry) => {
        entries.push(e);
        zip.readEntry();
      });
      zip.once('end', resolve);
      zip.once('error', reject);
      zip.readEntry();
    });
  } catch (cause) {
    zip.close();
    throw bad(zipPath, (cause as Error).message, cause);
  }
  return { zip, entries };
}

const info = (e: Entry): ZipMemberInfo => ({
  name: e.fileName,
  method: e.compressionMethod,
  compressedSize: e.compressedSize,
  size: e.uncompressedSize,
  localHeaderOffset: e.relativeOffsetOfLocalHeader,
  encrypted: (e.generalPurposeBitFlag & 1) === 1,
});

/**
 * Lists the members of a zip archive from its central directory (no extraction).
 *
 * @example
 * ```ts
 * const names = (await listZipMembers('buffalo_l.zip')).map((m) => m.name);
 * ```
 */
export async function listZipMembers(zipPath: string): Promise<ZipMemberInfo[]> {
  const { zip, entries } = await readDirectory(zipPath);
  zip.close();
  return entries.map(info);
}

/** Picks `member` by exact name, else the single member whose base name matches (zips often hold a folder). */
function pickMember(entries: readonly Entry[], member: string, zipPath: string): Entry {
  const exact = entries.find((e) => e.fileName === member);
  if (exact) return exact;
  const byBase = entries.filter((e) => !e.fileName.endsWith('/') && basename(e.fileName) === basename(member));
  if (byBase.length === 1) return byBase[0]!;
  const listed = entries.map((e) => e.fileName).join(', ');
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
  const { zip, entries } = await readDirectory(zipPath);
  const part = partPath(dest);
  const hash = createHash('sha256');
  try {
    const entry = pickMember(entries, member, zipPath);
    if (entry.isEncrypted()) throw bad(zipPath, `member ${entry.fileName} is encrypted`);
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
      throw bad(zipPath, `member ${entry.fileName} uses compression method ${entry.compressionMethod} (only stored and deflate are supported)`);
    }
    await mkdir(dirname(dest), { recursive: true });
    try {
      const input = await promisify(zip.openReadStream.bind(zip))(entry);
      const hashing = new Transform({
        transform(chunk: Buffer, _enc, done) {
          hash.update(chunk);
          done(null, chunk);
        },
      });
      await pipeline(input, hashing, createWriteStream(part, { flush: true }));
    } catch (cause) {
      await rm(part, { force: true });
      throw bad(zipPath, `member ${entry.fileName} could not be inflated: ${(cause as Error).message}`, cause);
    }
    const actual = hash.digest('hex');
    if (expectedSha256 && actual !== expectedSha256) {
      await rm(part, { force: true });
      throw new ProvefyError('PROVEFY_ERR_MODEL_CHECKSUM', `Member ${entry.fileName} of ${zipPath} has sha256 ${actual}, expected ${expectedSha256}; it was not installed`, {
        path: dest,
        archive: zipPath,
        member: entry.fileName,
        expected: expectedSha256,
        actual,
      });
    }
    await rename(part, dest);
    return { path: dest, sha256: actual };
  } finally {
    zip.close();
  }
}
