import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isProvefyError } from '@provefy/core';
import { loadAgeItems } from './ages.js';
import { loadDocumentItems } from './documents.js';
import { loadFacePairs } from './faces.js';
import { discoverSections, parseSectionList } from './layout.js';
import { loadLivenessItems } from './liveness.js';
import { loadMrzCases } from './mrz-cases.js';
import { loadVideoItems } from './videos.js';

const FIXTURES = join(process.cwd(), '../shared/fixtures');
let dir: string;

function write(rel: string, content: unknown): string {
  const p = join(dir, rel);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

function datasetError(fn: () => unknown): { message: string; details: Record<string, unknown> } {
  try {
    fn();
  } catch (e) {
    if (isProvefyError(e, 'PROVEFY_ERR_DATASET')) return { message: e.message, details: e.details as Record<string, unknown> };
    throw e;
  }
  throw new Error('expected a PROVEFY_ERR_DATASET error');
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'provefy-eval-ds-'));
  write('ages/images/a.jpg', 'x');
  write('faces/images/p1.png', 'x');
  write('faces/images/p2.png', 'x');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('discoverSections', () => {
  it('runs only the sections whose labels file exists', () => {
    write('ages/labels.json', { items: [{ file: 'images/a.jpg', age: 30 }] });
    expect(discoverSections(dir).map((s) => s.name)).toEqual(['ages']);
  });

  it('finds every section of the shared fixtures and only ages in fgnet', () => {
    expect(discoverSections(FIXTURES).map((s) => s.name)).toEqual(['faces', 'ages', 'liveness', 'videos', 'documents', 'mrz']);
    expect(discoverSections(join(FIXTURES, 'fgnet')).map((s) => s.name)).toEqual(['ages']);
    expect(discoverSections(join(FIXTURES, 'kyc')).map((s) => s.name)).toEqual(['faces']);
  });

  it('rejects a missing folder or one without labels', () => {
    expect(datasetError(() => discoverSections(join(dir, 'nope'))).message).toMatch(/not found/);
    mkdirSync(join(dir, 'empty'), { recursive: true });
    expect(datasetError(() => discoverSections(join(dir, 'empty'))).message).toMatch(/No labels file/);
  });

  it('parses a section list and rejects unknown names', () => {
    expect(parseSectionList('faces, ages')).toEqual(['faces', 'ages']);
    expect(() => parseSectionList('faces,ears')).toThrow(/Unknown section "ears"/);
  });
});

describe('labels paths', () => {
  it('resolves relative to the labels file folder, and keeps absolute paths', () => {
    const real = join(FIXTURES, 'ages/images/2_1_2_20161219140650888.jpg.chip.jpg');
    const file = write('sub/ages/labels.json', {
      items: [
        { file: relative(join(dir, 'sub/ages'), real), age: 2 },
        { file: real, age: 2 },
      ],
    });
    const items = loadAgeItems(file);
    expect(items.map((i) => i.path)).toEqual([real, real]);
    expect(items[0]!.file).toMatch(/^\.\.\//);
  });

  it('names the item and the missing file', () => {
    const file = write('ages/labels.json', { items: [{ file: 'images/a.jpg', age: 30 }, { file: 'images/missing.jpg', age: 3 }] });
    const e = datasetError(() => loadAgeItems(file));
    expect(e.message).toContain('items[1].file');
    expect(e.message).toContain('images/missing.jpg');
    expect(e.details.missing).toBe(join(dir, 'ages/images/missing.jpg'));
  });
});

describe('labels validation', () => {
  it('rejects invalid JSON and wrong shapes with the place of the problem', () => {
    expect(datasetError(() => loadAgeItems(write('x/bad.json', '{ items: '))).message).toMatch(/not valid JSON/);
    expect(datasetError(() => loadAgeItems(write('x/a.json', { items: [] }))).message).toMatch(/items: is empty/);
    expect(datasetError(() => loadAgeItems(write('ages/l2.json', { items: [{ file: 'images/a.jpg', age: 'thirty' }] }))).message).toMatch(/items\[0\]\.age: expected a number/);
    expect(datasetError(() => loadAgeItems(write('ages/l3.json', { items: [{ file: 'images/a.jpg', age: 300 }] }))).message).toMatch(/outside 0\.\.130/);
    expect(datasetError(() => loadAgeItems(join(dir, 'none.json'))).message).toMatch(/cannot be read/);
  });

  it('checks face pairs need both classes', () => {
    const ok = write('faces/pairs.json', { pairs: [{ a: 'images/p1.png', b: 'images/p2.png', same: true }, { a: 'images/p1.png', b: 'images/p2.png', same: false }] });
    expect(loadFacePairs(ok)).toHaveLength(2);
    const one = write('faces/one.json', { pairs: [{ a: 'images/p1.png', b: 'images/p2.png', same: true }] });
    expect(datasetError(() => loadFacePairs(one)).message).toMatch(/both genuine/);
    const kinds = write('faces/kinds.json', {
      kind: 'document',
      pairs: [
        { a: 'images/p1.png', b: 'images/p2.png', same: true },
        { a: 'images/p1.png', b: 'images/p2.png', same: false, kind: 'photo' },
      ],
    });
    expect(loadFacePairs(kinds).map((p) => p.kind)).toEqual(['document', 'photo']);
    expect(loadFacePairs(ok).map((p) => p.kind)).toEqual([null, null]);
    const badKind = write('faces/bad-kind.json', { kind: 'passport', pairs: [{ a: 'images/p1.png', b: 'images/p2.png', same: true }] });
    expect(datasetError(() => loadFacePairs(badKind)).message).toMatch(/kind: expected one of "photo", "document"/);
    const bad = write('faces/bad.json', { pairs: [{ a: 'images/p1.png', b: 'images/p2.png', same: 'yes' }] });
    expect(datasetError(() => loadFacePairs(bad)).message).toMatch(/pairs\[0\]\.same: expected true or false/);
  });

  it('checks liveness labels, document MRZ lines and video events', () => {
    write('liveness/i.jpg', 'x');
    expect(datasetError(() => loadLivenessItems(write('liveness/l.json', { items: [{ file: 'i.jpg', label: 'fake' }] }))).message).toMatch(/label: expected one of "live", "spoof"/);
    write('documents/d.jpg', 'x');
    expect(datasetError(() => loadDocumentItems(write('documents/l.json', { items: [{ file: 'd.jpg', hasMrz: true, mrz: ['p<uto'] }] }))).message).toMatch(/not an MRZ line/);
    expect(datasetError(() => loadDocumentItems(write('documents/l2.json', { items: [{ file: 'd.jpg', hasMrz: false, mrz: ['P<UTO'] }] }))).message).toMatch(/"hasMrz" is false/);
    expect(datasetError(() => loadDocumentItems(write('documents/l3.json', { items: [{ file: 'd.jpg', hasMrz: false, documentType: 'PASS' }] }))).message).toMatch(/documentType/);
    write('videos/c.mp4', 'x');
    expect(datasetError(() => loadVideoItems(write('videos/l.json', { items: [{ file: 'c.mp4', label: 'live', events: [{ type: 'blink' }] }] }))).message).toMatch(/needs "t" or "start"/);
    expect(datasetError(() => loadVideoItems(write('videos/l2.json', { items: [{ file: 'c.mp4', label: 'live', events: [{ type: 'turn', start: 3, end: 2 }] }] }))).message).toMatch(/before "start"/);
  });

  it('loads every labels file of the shared fixtures', () => {
    expect(loadFacePairs(join(FIXTURES, 'faces/pairs.json')).filter((p) => !p.same)).toHaveLength(572);
    expect(loadAgeItems(join(FIXTURES, 'ages/labels.json'))).toHaveLength(108);
    expect(loadLivenessItems(join(FIXTURES, 'liveness/labels.json'))).toHaveLength(9);
    const clips = loadVideoItems(join(FIXTURES, 'videos/labels.json'));
    expect(clips).toHaveLength(12);
    expect(clips.flatMap((c) => c.events).filter((e) => e.type === 'turn').every((e) => e.direction)).toBe(true);
    const docs = loadDocumentItems(join(FIXTURES, 'documents/labels.json'));
    expect(docs).toHaveLength(28);
    expect(docs.filter((d) => d.mrz).length).toBeGreaterThan(5);
    const cases = loadMrzCases(join(FIXTURES, 'mrz/cases.json'));
    expect(cases).toHaveLength(58);
    // Arg0s1080/mrz asserts validity through validity_checks; checker options (expiry checks) are not comparable.
    expect(cases.flatMap((c) => c.expectations).some((e) => e.source === 'Arg0s1080/mrz' && e.valid === true)).toBe(true);
    expect(cases.flatMap((c) => c.expectations).filter((e) => e.autocorrect).every((e) => e.cleanReference !== null)).toBe(true);
  });
});
