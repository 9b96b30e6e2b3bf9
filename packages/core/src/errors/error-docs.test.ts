import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CAPTURE_REASON_CODES } from '../liveness/capture-reason-codes.js';
import { RULE_REASON_CODES } from '../session/rules/reason-codes.js';
import { ERROR_CODES, ERROR_CODES_BY_LAYER, ERROR_CODE_ALIASES, type ProvefyErrorCode, canonicalErrorCode, errorDocsAnchor } from './error-codes.js';
import { ProvefyError, isProvefyError } from './provefy-error.js';

const docsPath = fileURLToPath(new URL('../../../../docs/errors.md', import.meta.url));
const docs = readFileSync(docsPath, 'utf8');
const codes = Object.keys(ERROR_CODES) as ProvefyErrorCode[];

/** GitHub's heading anchor: lower case, punctuation other than `-` and `_` dropped, spaces to dashes. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

/** Every `### heading` of docs/errors.md with the text up to the next heading. */
function sections(): Map<string, string> {
  const out = new Map<string, string>();
  const parts = docs.split(/^### /m).slice(1);
  for (const p of parts) {
    const nl = p.indexOf('\n');
    out.set(slug(p.slice(0, nl)), p.slice(nl + 1));
  }
  return out;
}

describe('docs/errors.md', () => {
  const bySlug = sections();

  it.each(codes)('documents %s under the anchor errorDocsAnchor() links to', (code) => {
    const anchor = errorDocsAnchor(code);
    expect(anchor.startsWith('docs/errors.md#')).toBe(true);
    const section = bySlug.get(anchor.split('#')[1]!);
    expect(section, `docs/errors.md has no "### ${code}" section`).toBeDefined();
    // message and HTTP status match the catalogue; the section says when it happens and what to do
    expect(section).toContain(`| Message | ${ERROR_CODES[code].message} |`);
    expect(section).toContain(`| HTTP status | ${ERROR_CODES[code].status} |`);
    expect(section).toMatch(/\*\*When it happens\.\*\* \S/);
    expect(section).toMatch(/\*\*What to do\.\*\* \S/);
  });

  it('documents no code that is not in the catalogue', () => {
    const known = new Set(codes.map((c) => c.toLowerCase()));
    expect([...bySlug.keys()].filter((s) => !known.has(s))).toEqual([]);
  });

  it('defines each code in one layer only, and every layer has a section of the docs', () => {
    const perLayer = Object.values(ERROR_CODES_BY_LAYER).flatMap((codes) => Object.keys(codes));
    const twice = perLayer.filter((c, i) => perLayer.indexOf(c) !== i);
    expect(twice).toEqual([]);
    expect(perLayer.length).toBe(codes.length);
    for (const heading of ['## Core', '## Server adapter', '## Reference server', '## Kiosk']) expect(docs).toContain(`\n${heading}`);
  });

  it('merged codes: an alias names a current code, is not itself a code, and is documented', () => {
    for (const [alias, code] of Object.entries(ERROR_CODE_ALIASES)) {
      expect(codes).toContain(code);
      expect(codes).not.toContain(alias);
      expect(docs).toContain(`| \`${alias}\` | [\`${code}\`]`);
      const e = new ProvefyError(alias as keyof typeof ERROR_CODE_ALIASES);
      expect(e.code).toBe(code);
      expect(isProvefyError(e, alias as keyof typeof ERROR_CODE_ALIASES)).toBe(true);
      expect(canonicalErrorCode(code)).toBe(code);
    }
  });

  it('ProvefyError carries the code, status, details and the docs anchor', () => {
    const e = new ProvefyError('PROVEFY_ERR_IMAGE_TOO_LARGE', undefined, { bytes: 1 });
    expect(e).toBeInstanceOf(Error);
    expect(e.message).toBe(ERROR_CODES.PROVEFY_ERR_IMAGE_TOO_LARGE.message);
    expect(e.status).toBe(413);
    expect(e.docs).toBe('docs/errors.md#provefy_err_image_too_large');
    expect(JSON.parse(JSON.stringify(e))).toEqual({ code: 'PROVEFY_ERR_IMAGE_TOO_LARGE', message: e.message, status: 413, details: { bytes: 1 } });
  });

  it.each(Object.keys(RULE_REASON_CODES))('lists the cross-check reason code %s with its check and result', (code) => {
    const info = RULE_REASON_CODES[code as keyof typeof RULE_REASON_CODES];
    const row = docs.split('\n').find((l) => l.startsWith(`| \`${code}\` |`));
    expect(row, `docs/errors.md has no row for ${code}`).toBeDefined();
    expect(row).toContain(`\`${info.check}\``);
    expect(row).toContain(info.result);
  });

  it.each(Object.keys(CAPTURE_REASON_CODES))('lists the liveness capture reason code %s with its result', (code) => {
    const info = CAPTURE_REASON_CODES[code as keyof typeof CAPTURE_REASON_CODES];
    const row = docs.split('\n').find((l) => l.startsWith(`| \`${code}\` |`));
    expect(row, `docs/errors.md has no row for ${code}`).toBeDefined();
    expect(row).toContain('`liveness`');
    expect(row).toContain(info.result);
  });
});
