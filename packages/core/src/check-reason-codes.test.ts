import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CHECK_REASON_CODES } from './check-reason-codes.js';
import { RULE_REASON_CODES } from './session/rules/reason-codes.js';

const SRC = fileURLToPath(new URL('.', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

/** Every code core's sources give to `reason(...)`: literal first arguments, and codes chosen from a list of literals. */
function emittedCodes(): Map<string, string> {
  const out = new Map<string, string>();
  for (const file of sources(SRC)) {
    if (file.endsWith('check-reason-codes.ts')) continue;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(?:reason|codeReason)\(\s*'([A-Z][A-Z0-9_]*)'/g)) out.set(m[1]!, file);
    // `reason(code, ...)` with `code` from a tuple list such as `[s, 'LOW_QUALITY_SELFIE', 'selfie']`.
    if (/\breason\(\s*code\b/.test(text)) for (const m of text.matchAll(/\[\s*\w+,\s*'([A-Z][A-Z0-9_]*)'/g)) out.set(m[1]!, file);
  }
  return out;
}

describe('CHECK_REASON_CODES', () => {
  it('lists every reason code core gives, and nothing core no longer gives', () => {
    const emitted = emittedCodes();
    const listed = Object.keys(CHECK_REASON_CODES);
    const missing = [...emitted.keys()].filter((c) => !listed.includes(c)).map((c) => `${c} (${emitted.get(c)})`);
    expect(missing, 'reason codes given in core but not in CHECK_REASON_CODES').toEqual([]);
    expect(listed.filter((c) => !emitted.has(c)), 'listed but never given').toEqual([]);
    expect(emitted.size).toBeGreaterThan(25);
  });

  it('includes the cross-check rules\' codes', () => {
    for (const code of Object.keys(RULE_REASON_CODES)) expect(Object.keys(CHECK_REASON_CODES)).toContain(code);
  });
});
