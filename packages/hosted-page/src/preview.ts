/**
 * Pieces of the hosted verification page for previews in other React apps (the reference server's dashboard shows
 * a key's branding on the page's first screen). Source modules for a bundler (Vite); pair with
 * `@provefy/hosted-page/styles.css`.
 *
 * @example
 * ```tsx
 * import { BrandHeader, ConsentStep, brandStyle, translator } from '@provefy/hosted-page/preview';
 * import '@provefy/hosted-page/styles.css';
 * <div className="pv-app" style={brandStyle(branding)}><ConsentStep t={translator('en')} name="Acme" checks={['liveness']} onStart={() => {}} /></div>
 * ```
 */
export { type BrandingInput, brandStyle, contrastText, safeLogoUrl } from './brand/brand-theme.js';
export { BrandHeader } from './components/BrandHeader.js';
export { type Language, type Translate, translator } from './i18n/i18n.js';
export { ConsentStep, consentItems } from './steps/ConsentStep.js';
