import { isProvefyError, loadImage } from '@provefy/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKiosk, type Kiosk } from '../../src/main/app/create-kiosk.js';
import { SaneDriver, listSaneDevices } from '../../src/main/scanners/sane/sane-driver.js';
import { saneTestConfigDir } from '../support/sane-config.js';
import { testConfig } from '../support/test-config.js';

const configDir = saneTestConfigDir();

describe('SANE scanner driver (scanimage, test backend of sane-utils)', () => {
  it('lists the test devices', async () => {
    const devices = await listSaneDevices({ configDir });
    expect(devices.map((d) => d.name)).toContain('test:0');
    expect(devices.find((d) => d.name === 'test:0')).toMatchObject({ vendor: 'Noname', model: 'frontend-tester' });
  });

  it('scans a PNG of the requested area and resolution', async () => {
    const scanner = new SaneDriver({
      id: 'flatbed',
      device: 'test:0',
      configDir,
      resolution: 150,
      area: { width: 86, height: 54 },
      extraOptions: { '--test-picture': 'Color pattern' },
    });
    expect(await scanner.status()).toMatchObject({ ready: true });
    const scan = await scanner.acquire();
    expect(scan.mimeType).toBe('image/png');
    const img = await loadImage(scan.bytes);
    // 86 x 54 mm (ID-1 card) at 150 dpi
    expect(Math.abs(img.width - Math.round((86 / 25.4) * 150))).toBeLessThanOrEqual(2);
    expect(Math.abs(img.height - Math.round((54 / 25.4) * 150))).toBeLessThanOrEqual(2);
    // the colour pattern is not a flat image
    const first = img.data.slice(0, 3).join(',');
    let differing = 0;
    for (let i = 0; i < img.data.length; i += 3 * 97) if (img.data.slice(i, i + 3).join(',') !== first) differing++;
    expect(differing).toBeGreaterThan(10);
  });

  it('reports a paper jam as PROVEFY_ERR_SCANNER with scanimage\'s message', async () => {
    const scanner = new SaneDriver({ id: 'jammed', device: 'test:0', configDir, resolution: 75, extraOptions: { '--read-return-value': 'SANE_STATUS_JAMMED' } });
    const err = await scanner.acquire().catch((e: unknown) => e);
    expect(isProvefyError(err, 'PROVEFY_ERR_SCANNER')).toBe(true);
    expect(String((err as { details: { stderr: string } }).details.stderr)).toMatch(/jam/i);
  });

  it('refuses option names or values that could smuggle arguments', () => {
    expect(() => new SaneDriver({ id: 'x', device: 'test:0; rm -rf /' })).toThrow(/device/);
    expect(() => new SaneDriver({ id: 'x', device: 'test:0', extraOptions: { '--mode': 'Color\n--help' } })).toThrow(/option/);
  });
});

describe('a scan reaches readDocument through the kiosk', () => {
  let kiosk: Kiosk;
  beforeAll(async () => {
    kiosk = await createKiosk(
      testConfig({
        scanners: [{ type: 'sane', id: 'flatbed', device: 'test:0', configDir, resolution: 150, area: { width: 86, height: 54 }, extraOptions: { '--test-picture': 'Color pattern' } }],
      }),
      { dbFile: ':memory:', startSync: false },
    );
  });
  afterAll(async () => {
    await kiosk?.close();
  });

  it('records the document check of the scanned image in the local session', async () => {
    await kiosk.verification.startWalkIn({ checks: ['doc_verify'], externalRef: 'sane-scan' });
    kiosk.verification.begin();
    const answer = await kiosk.verification.scanDocument('front', 'flatbed');
    const v = kiosk.state.current!;
    expect(v.captures.documentFront).not.toBeNull();
    expect(Buffer.from(v.captures.documentFront!.subarray(1, 4)).toString('latin1')).toBe('PNG');
    // readDocument ran on the scan: no clear PASS for an unknown (possibly two-sided) kind, so the back is asked for
    expect(v.pendingFront).not.toBeNull();
    expect(v.pendingFront!.documentType).toBe('UNKNOWN');
    expect(answer.next).toBe('document_back');
    // the customer has no back side: the front's reading is recorded
    const done = await kiosk.verification.skipBack();
    const doc = v.session.checks.doc_verify!;
    expect(doc.attempts).toBe(1);
    expect(doc.reported).not.toBeNull();
    // a colour test pattern is no identity document: never a PASS, and the reader says why
    expect(doc.reported!.result).not.toBe('PASS');
    expect(doc.reported!.reasons.length).toBeGreaterThan(0);
    expect(doc.reported!.documentType).toBe('UNKNOWN');
    expect(done.next).toBe(doc.final ? null : 'document_front');
  });
});
