import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { appendFile, rename, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProvefyError } from '@provefy/core';
import { afterEach, describe, expect, it } from 'vitest';
import { FolderWatchDriver } from '../../src/main/scanners/folder/folder-watch-driver.js';
import { isCompleteImage } from '../../src/main/scanners/scanner-driver.js';
import { FIXTURES } from '../support/fixtures.js';

const FIXTURE = join(FIXTURES, 'documents/images/fastmrz/td3.jpg');
const jpeg = readFileSync(FIXTURE);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let driver: FolderWatchDriver | null = null;
afterEach(async () => {
  await driver?.close();
  driver = null;
});

function newFolder(): string {
  return mkdtempSync(join(tmpdir(), 'kiosk-scans-'));
}

describe('watched-folder scanner driver', () => {
  it('ignores files already there, takes a new complete scan once and deletes it', async () => {
    const dir = newFolder();
    writeFileSync(join(dir, 'old-customer.jpg'), jpeg);
    driver = new FolderWatchDriver({ id: 'mfp', path: dir, stableMs: 300, pollMs: 50, rescanMs: 200 });
    await driver.start();
    const pending = driver.acquire({ timeoutMs: 10_000 });
    await sleep(100);
    await writeFile(join(dir, 'scan-0001.jpg'), jpeg);
    const scan = await pending;
    expect(Buffer.from(scan.bytes).equals(jpeg)).toBe(true);
    expect(scan.mimeType).toBe('image/jpeg');
    expect(existsSync(join(dir, 'scan-0001.jpg'))).toBe(false);
    expect(existsSync(join(dir, 'old-customer.jpg'))).toBe(true);
    // nothing else is delivered: the old file stays ignored
    const err = await driver.acquire({ timeoutMs: 800 }).catch((e: unknown) => e);
    expect(isProvefyError(err, 'PROVEFY_ERR_SCANNER')).toBe(true);
    expect((err as { details: { reason: string } }).details.reason).toBe('timeout');
  });

  it('waits for a slow writer: a stable but truncated JPEG is not taken until it is complete', async () => {
    const dir = newFolder();
    driver = new FolderWatchDriver({ id: 'mfp', path: dir, stableMs: 250, pollMs: 50, rescanMs: 200 });
    await driver.start();
    let delivered: Uint8Array | null = null;
    const pending = driver.acquire({ timeoutMs: 15_000 }).then((s) => {
      delivered = s.bytes;
      return s;
    });
    const half = Math.floor(jpeg.length / 2);
    await writeFile(join(dir, 'slow.jpg'), jpeg.subarray(0, half));
    // longer than stableMs: size and mtime stay the same, but the image has no end marker yet
    await sleep(1000);
    expect(delivered).toBeNull();
    await appendFile(join(dir, 'slow.jpg'), jpeg.subarray(half));
    const scan = await pending;
    expect(scan.bytes.length).toBe(jpeg.length);
    expect(isCompleteImage(scan.bytes)).toBe(true);
  });

  it('ignores temporary and partial files, and takes the file once renamed', async () => {
    const dir = newFolder();
    driver = new FolderWatchDriver({ id: 'mfp', path: dir, stableMs: 200, pollMs: 50, rescanMs: 150 });
    await driver.start();
    for (const name of ['scan.jpg.part', '.scan.jpg', '~$scan.jpg', 'scan.jpg.crdownload', 'scan.tmp', 'notes.txt']) {
      writeFileSync(join(dir, name), jpeg);
    }
    const early = await driver.acquire({ timeoutMs: 900 }).catch((e: unknown) => e);
    expect(isProvefyError(early, 'PROVEFY_ERR_SCANNER')).toBe(true);
    await rename(join(dir, 'scan.jpg.part'), join(dir, 'scan.jpg'));
    const scan = await driver.acquire({ timeoutMs: 10_000 });
    expect(scan.bytes.length).toBe(jpeg.length);
    expect(readdirSync(dir).sort()).toEqual(['.scan.jpg', 'notes.txt', 'scan.jpg.crdownload', 'scan.tmp', '~$scan.jpg'].sort());
  });

  it('holds a scan that arrives before anyone asks, and clear() drops it (zeroed)', async () => {
    const dir = newFolder();
    driver = new FolderWatchDriver({ id: 'mfp', path: dir, stableMs: 150, pollMs: 50, rescanMs: 100, holdMs: 30_000 });
    await driver.start();
    await writeFile(join(dir, 'early.png'), readFileSync(join(FIXTURES, 'documents/images/passporteye/passport-td3.png')));
    await sleep(900);
    const held = await driver.acquire({ timeoutMs: 100 });
    expect(held.mimeType).toBe('image/png');
    await writeFile(join(dir, 'second.jpg'), jpeg);
    await sleep(900);
    await driver.clear();
    const err = await driver.acquire({ timeoutMs: 300 }).catch((e: unknown) => e);
    expect(isProvefyError(err, 'PROVEFY_ERR_SCANNER')).toBe(true);
  });

  it('an aborted wait fails with reason aborted', async () => {
    const dir = newFolder();
    driver = new FolderWatchDriver({ id: 'mfp', path: dir });
    await driver.start();
    const ac = new AbortController();
    const p = driver.acquire({ timeoutMs: 10_000, signal: ac.signal }).catch((e: unknown) => e);
    ac.abort();
    const err = await p;
    expect((err as { details: { reason: string } }).details.reason).toBe('aborted');
  });

  it('a missing folder is reported, not crashed on', async () => {
    driver = new FolderWatchDriver({ id: 'mfp', path: join(newFolder(), 'missing') });
    expect(await driver.status()).toMatchObject({ ready: false });
    const err = await driver.start().catch((e: unknown) => e);
    expect(isProvefyError(err, 'PROVEFY_ERR_SCANNER')).toBe(true);
  });
});
