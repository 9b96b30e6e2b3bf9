import { describe, expect, it } from 'vitest';
import { catalogues, pickLanguage, translator } from './i18n.js';

describe('hosted page languages', () => {
  it('picks pt-BR for any Portuguese preference and English otherwise', () => {
    expect(pickLanguage(['pt-BR', 'en-US'])).toBe('pt-BR');
    expect(pickLanguage(['pt-PT'])).toBe('pt-BR');
    expect(pickLanguage(['pt'])).toBe('pt-BR');
    expect(pickLanguage(['en-GB', 'pt-BR'])).toBe('en');
    expect(pickLanguage(['de-DE', 'pt-BR'])).toBe('pt-BR');
    expect(pickLanguage(['fr', 'de'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });

  it('has the same keys, no empty text and the same placeholders in every language', () => {
    const { en, 'pt-BR': pt } = catalogues();
    expect(Object.keys(pt).sort()).toEqual(Object.keys(en).sort());
    const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(pt[key].trim().length, key).toBeGreaterThan(0);
      expect(vars(pt[key]), key).toEqual(vars(en[key]));
    }
  });

  it('fills placeholders', () => {
    expect(translator('pt-BR')('liveness.progress', { current: 2, total: 3 })).toBe('Etapa 2 de 3');
    expect(translator('en')('consent.intro', { name: 'Acme' })).toMatch(/^Acme asks you/);
  });
});
