import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HTTP_ERROR_CODES } from './error-catalogue.js';

const DOCS = readFileSync(new URL('../../../../docs/server-adapter.md', import.meta.url), 'utf8');

describe('HTTP error catalogue', () => {
  it('documents every code in server-adapter.md: in the status table and under its own heading', () => {
    const missing = Object.keys(HTTP_ERROR_CODES).filter((code) => !DOCS.includes(`### ${code}\n`) || !DOCS.includes(`\`${code}\``));
    expect(missing).toEqual([]);
  });
});
