import { type MessageKey, type Messages, en } from './messages-en.js';
import { ptBR } from './messages-pt-br.js';

/** Languages of the hosted page (BCP 47). */
export type Language = 'en' | 'pt-BR';
export const LANGUAGES: readonly Language[] = ['en', 'pt-BR'];

const CATALOGUE: Record<Language, Messages> = { en, 'pt-BR': ptBR };

/**
 * The page language from the browser's preferences (`navigator.languages`): the first preference in English or
 * Portuguese wins (any `pt-*` gives pt-BR); English otherwise.
 *
 * @example
 * ```ts
 * pickLanguage(['pt-PT', 'en']); // 'pt-BR'
 * pickLanguage(['de-DE', 'en-GB']); // 'en'
 * pickLanguage(['fr']); // 'en'
 * ```
 */
export function pickLanguage(preferences: readonly string[]): Language {
  for (const pref of preferences) {
    const tag = pref.trim().toLowerCase();
    if (tag === 'pt' || tag.startsWith('pt-')) return 'pt-BR';
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
  }
  return 'en';
}

/** A translation function: `t('consent.intro', { name: 'Acme' })`. */
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

/**
 * The translation function of a language; `{name}` placeholders are filled from `vars` (unknown ones stay).
 *
 * @example
 * ```ts
 * translator('pt-BR')('liveness.progress', { current: 1, total: 3 }); // 'Etapa 1 de 3'
 * ```
 */
export function translator(lang: Language): Translate {
  const messages = CATALOGUE[lang] ?? en;
  return (key, vars) => {
    const text = messages[key] ?? en[key] ?? key;
    return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
  };
}

/**
 * All catalogues (for tests).
 *
 * @example
 * ```ts
 * Object.keys(catalogues()); // ['en', 'pt-BR']
 * ```
 */
export function catalogues(): Record<Language, Messages> {
  return CATALOGUE;
}

export type { MessageKey };
