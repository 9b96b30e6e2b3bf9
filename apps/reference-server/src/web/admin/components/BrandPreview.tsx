import { BrandHeader, type BrandingInput, ConsentStep, brandStyle, translator } from '@provefy/hosted-page/preview';
import type { CheckName } from '../api/types.js';

/**
 * A live preview of the hosted page's first screen with a key's branding (logo or name, colours), rendered with the
 * hosted page's own components at phone width.
 *
 * @example
 * ```tsx
 * <BrandPreview branding={{ name: 'Acme', primaryColor: '#0b5cab', accentColor: null, logoUrl: null }} checks={['liveness', 'doc_verify']} />
 * ```
 */
export function BrandPreview(props: { branding: BrandingInput; checks: CheckName[]; lang?: 'en' | 'pt-BR' }) {
  const lang = props.lang ?? 'en';
  const t = translator(lang);
  return (
    <section className="ad-preview" aria-label="Preview of the verification page" data-testid="brand-preview">
      <div className="ad-preview-phone pv-app" style={brandStyle(props.branding)}>
        <BrandHeader branding={props.branding} lang={lang} t={t} />
        <main className="pv-main">
          <ConsentStep t={t} name={props.branding.name ?? 'Your company'} checks={props.checks.length ? props.checks : ['liveness']} onStart={() => undefined} />
        </main>
      </div>
    </section>
  );
}
