/**
 * Reads members of a gzip-compressed tar archive (an npm package tarball) in memory: ustar headers,
 * pax `path` records and GNU long names; regular files only.
 */
import { gunzipSync } from 'node:zlib';
import { ProvefyError } from '@provefy/core';

const BLOCK = 512;
const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder();

function cString(b: Uint8Array, start: number, len: number, decoder = latin1): string {
  const s = b.subarray(start, start + len);
  const end = s.indexOf(0);
  return decoder.decode(end < 0 ? s : s.subarray(0, end));
}

function octal(b: Uint8Array, start: number, len: number): number {
  if (b[start]! & 0x80) {
    // base-256 (GNU) for large values
    let v = 0;
    for (let i = start + 1; i < start + len; i++) v = v * 256 + b[i]!;
    return v;
  }
  const s = cString(b, start, len).trim();
  return s ? Number.parseInt(s, 8) : 0;
}

/** pax extended header records: "<len> key=value\n". */
function paxPath(data: Uint8Array): string | undefined {
  const text = utf8.decode(data);
  let at = 0;
  while (at < text.length) {
    const sp = text.indexOf(' ', at);
    if (sp < 0) break;
    const len = Number.parseInt(text.slice(at, sp), 10);
    if (!(len > 0)) break;
    const rec = text.slice(sp + 1, at + len - 1);
    const eq = rec.indexOf('=');
    if (rec.slice(0, eq) === 'path') return rec.slice(eq + 1);
    at += len;
  }
  return undefined;
}

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
  let tar: Uint8Array;
  try {
    tar = gunzipSync(tgz);
  } catch (cause) {
    throw new ProvefyError('PROVEFY_ERR_MODEL_LOAD', `The package tarball is not valid gzip: ${(cause as Error).message}`, {}, { cause });
  }
  const list = typeof wanted === 'function' ? undefined : new Set(wanted);
  const want = typeof wanted === 'function' ? wanted : (p: string) => list!.has(p);
  const out = new Map<string, Uint8Array>();
  let at = 0;
  let longName: string | undefined;
  while (at + BLOCK <= tar.length && (!list || out.size < list.size)) {
    const h = tar.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) break; // end of archive
    let sum = 0;
    for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : h[i]!;
    if (sum !== octal(h, 148, 8)) throw new ProvefyError('PROVEFY_ERR_MODEL_LOAD', `The package tarball has a corrupt header at byte ${at}`, { offset: at });
    const size = octal(h, 124, 12);
    const type = String.fromCharCode(h[156]!);
    const prefix = cString(h, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${cString(h, 0, 100)}` : cString(h, 0, 100));
    const dataStart = at + BLOCK;
    if (dataStart + size > tar.length) throw new ProvefyError('PROVEFY_ERR_MODEL_LOAD', `The package tarball is truncated in ${name}`, { name });
    const data = tar.subarray(dataStart, dataStart + size);
    at = dataStart + Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'x') {
      longName = paxPath(data);
      continue;
    }
    if (type === 'L') {
      longName = cString(data, 0, data.length, utf8);
      continue;
    }
    longName = undefined;
    if ((type === '0' || type === '\0') && want(name)) out.set(name, new Uint8Array(data)); // a copy, not a view of the whole archive
  }
  return out;
}
