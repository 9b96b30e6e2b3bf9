import { describe, expect, it } from 'vitest';
import { passwordProblem } from './password-hash.js';

// Hashing itself: packages/server-adapter/src/crypto/secret-hash.test.ts (one implementation with the kiosk PIN).
describe('dashboard passwords', () => {
  it('accepts 12 to 200 characters', () => {
    expect(passwordProblem('short')).toMatch(/at least 12/);
    expect(passwordProblem('a'.repeat(201))).toMatch(/at most 200/);
    expect(passwordProblem(42)).toMatch(/string/);
    expect(passwordProblem('twelve chars')).toBeNull();
  });
});
