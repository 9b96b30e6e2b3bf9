import { safeLogoUrl } from '../brand/brand-theme.js';
import type { Branding } from '../api/flow-api.js';
import { LANGUAGES, type Language, type Translate } from '../i18n/i18n.js';

const LABELS: Record<Language, string> = { en: 'EN', 'pt-BR': 'PT' };

/**
 * The page header: the key's logo or name, and the language switch.
 *
 * @example
 * ```tsx
 * <BrandHeader branding={config.branding} lang="pt-BR" onLang={setLang} t={t} />
 * ```
 */
export function BrandHeader(props: { branding: Branding | null; lang: Language; onLang?: (l: Language) => void; t: Translate }) {
  const { branding, lang, onLang, t } = props;
  const logo = safeLogoUrl(branding?.logoUrl);
  const name = branding?.name ?? t('app.title');
  return (
    <header className="pv-header">
      <div className="pv-brand">
        {logo ? <img className="pv-logo" src={logo} alt={name} referrerPolicy="no-referrer" /> : <span className="pv-brand-name">{name}</span>}
      </div>
      {onLang && (
        <fieldset className="pv-lang" aria-label={t('app.language')}>
          {LANGUAGES.map((l) => (
            <button key={l} type="button" className="pv-lang-btn" aria-pressed={l === lang} lang={l} onClick={() => onLang(l)}>
              {LABELS[l]}
            </button>
          ))}
        </fieldset>
      )}
    </header>
  );
}
