/**
 * Reads members of a gzip-compressed tar archive (an npm package tarball) in memory with node-tar (npm's
 * own reader: ustar, pax and GNU long names, header checksums); regular files only.
 */
import { ProvefyError } from '@provefy/core';
import { Parser, type ReadEntry } from 'tar';

/**
 * Extracts the regular files named in `wanted` (paths inside the archive, e.g. `package/model/x.bin`, or a
 * predicate on those paths) from a .tgz. Missing members are absent from the result; a corrupt archive
 * throws PROVEFY_ERR_MODEL_LOAD.
 *
 * @example
 * ```ts
 * const files = readTarGzMembers(readFileSync('face-api-1.7.15.tgz'), ['package/model/age_gender_model.bin']);
 * files.get('package/model/age_gender_model.bin')?.length; // 429708
 * ```
 */
export function readTarGzMembers(tgz: Uint8Array, wanted: readonly string[] | ((path: string) => boolean)): Map<string, Uint8Array> {
  if (tgz[0] !== 0x1f || tgz[1] !== 0x8b) throw new ProvefyError('PROVEFY_ERR_MODEL_LOAD', 'The package tarball is not valid gzip: no gzip header', {});
  const list = typeof wanted === 'function' ? undefined : new Set(wanted);
  const want = typeof wanted === 'function' ? wanted : (p: string) => list!.has(p);
  const out = new Map<string, Uint8Array>();
  let failure: Error | undefined;
  const parser = new Parser({
    strict: true,
    onReadEntry(entry: ReadEntry) {
      if (entry.type !== 'File' || !want(entry.path)) return void entry.resume();
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => out.set(entry.path, new Uint8Array(Buffer.concat(chunks))));
    },
  });
  parser.on('error', (e: Error) => (failure ??= e));
  parser.end(Buffer.from(tgz.buffer, tgz.byteOffset, tgz.byteLength)); // node-tar parses a whole buffer synchronously
  if (failure) {
    const why = /checksum/i.test(failure.message) ? `corrupt header (${failure.message})` : failure.message;
    throw new ProvefyError('PROVEFY_ERR_MODEL_LOAD', `The package tarball is not readable: ${why}`, {}, { cause: failure });
  }
  return out;
}
