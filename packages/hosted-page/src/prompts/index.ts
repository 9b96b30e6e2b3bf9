/**
 * The challenge prompts and retry messages of the hosted page, for the kiosk's customer screen too (one convention
 * for the arrow on a mirrored preview, one set of texts per language): `@provefy/hosted-page/prompts`. Source
 * modules for a bundler (Vite).
 *
 * @example
 * ```ts
 * import { challengeCue, retryMessageKeys, translator } from '@provefy/hosted-page/prompts';
 * const t = translator('pt-BR');
 * retryMessageKeys(view.notice ? [view.notice] : []).map((k) => t(k));
 * ```
 */
export { type ChallengeCue, type Side, challengeCue } from './challenge-cue.js';
export { type ReasonLike, challengeCauseKey, reasonMessageKey, retakeMessageKey, retryMessageKeys } from './retry-advice.js';
export { type Language, LANGUAGES, type MessageKey, type Translate, catalogues, pickLanguage, translator } from '../i18n/i18n.js';
export { ChallengeCueIcon } from '../components/ChallengeCueIcon.js';
