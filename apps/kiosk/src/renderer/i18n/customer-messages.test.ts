import { CHECK_REASON_CODES, LIVENESS_CHALLENGES, missedChallenges, reason } from '@provefy/core';
import { LANGUAGES, translator } from '@provefy/hosted-page/prompts';
import { describe, expect, it } from 'vitest';
import { retryLines } from '../customer/CustomerScreen.js';
import { customerCatalogues, customerTranslator } from './customer-messages.js';

describe('kiosk customer texts', () => {
  it('have the same keys, no empty text and the same placeholders in every language', () => {
    const { en, 'pt-BR': pt } = customerCatalogues();
    expect(Object.keys(pt).sort()).toEqual(Object.keys(en).sort());
    const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(pt[key].trim().length, key).toBeGreaterThan(0);
      expect(vars(pt[key]), key).toEqual(vars(en[key]));
    }
  });

  it.each(Object.keys(CHECK_REASON_CODES))('a retry for %s tells the customer what went wrong in every language', (code) => {
    for (const lang of LANGUAGES) {
      const t = customerTranslator(lang);
      const lines = retryLines({ notice: { code, message: 'internal text' }, retryReasons: [] }, t);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toBe(translator(lang)(`reason.${code}` as 'reason.generic'));
      expect(lines[0]).not.toBe(t('reason.generic'));
      expect(lines[0]).not.toContain('internal text');
    }
  });

  it("words each missed challenge by its cause, and the prompts in the customer's own terms", () => {
    const r = reason('CHALLENGE_NOT_PERFORMED', 'Not performed: turn_right', { challenges: ['turn_right'], causes: { turn_right: 'no_return' } });
    const view = { notice: { code: r.code, message: r.message }, retryReasons: [{ code: r.code, message: r.message, challenges: missedChallenges(r) }, { code: 'SPOOF_SCORE', message: '' }] };
    expect(retryLines(view, customerTranslator('en'))).toEqual([
      'You turned to your right but did not look back at the camera. Turn, then face the camera again.',
      translator('en')('reason.SPOOF_SCORE'),
    ]);
    expect(retryLines(view, customerTranslator('pt-BR'))[0]).toMatch(/^Você virou para a sua direita, mas não voltou/);
    for (const lang of LANGUAGES) {
      for (const c of LIVENESS_CHALLENGES) expect(customerTranslator(lang)(`liveness.challenge.${c}`)).toBe(translator(lang)(`liveness.challenge.${c}`));
    }
    expect(customerTranslator('pt-BR')('document.useScanner', { label: 'MFP' })).toBe('Usar o scanner: MFP');
  });
});
