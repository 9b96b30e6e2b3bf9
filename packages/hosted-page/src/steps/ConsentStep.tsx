import { useState } from 'react';
import type { CheckName } from '../api/flow-api.js';
import type { Translate } from '../i18n/i18n.js';

/**
 * What the user will be asked for, from the requested checks.
 *
 * @example
 * ```ts
 * consentItems(['face_match']); // ['selfie', 'document']
 * ```
 */
export function consentItems(checks: readonly CheckName[]): ('liveness' | 'selfie' | 'document')[] {
  const items: ('liveness' | 'selfie' | 'document')[] = [];
  if (checks.includes('liveness')) items.push('liveness');
  if (checks.includes('age_estimation') || checks.includes('face_match')) items.push('selfie');
  if (checks.includes('doc_verify') || checks.includes('face_match')) items.push('document');
  return items;
}

const ICONS = { liveness: '◉', selfie: '☺', document: '▭' } as const;

/**
 * The first screen: who asks, what will be asked for, how the images are used, and an explicit consent.
 *
 * @example
 * ```tsx
 * <ConsentStep t={t} name="Acme" checks={['liveness', 'doc_verify']} onStart={start} />
 * ```
 */
export function ConsentStep(props: { t: Translate; name: string; checks: readonly CheckName[]; onStart: () => void; busy?: boolean }) {
  const { t, name, checks, onStart, busy } = props;
  const [agreed, setAgreed] = useState(false);
  const [nudge, setNudge] = useState(false);
  return (
    <section className="pv-card" data-testid="step-consent">
      <h1 className="pv-title">{t('consent.title')}</h1>
      <p>{t('consent.intro', { name })}</p>
      <h2 className="pv-subtitle">{t('consent.youWillNeed')}</h2>
      <ul className="pv-steps">
        {consentItems(checks).map((item) => (
          <li key={item}>
            <span className="pv-step-icon" aria-hidden="true">
              {ICONS[item]}
            </span>
            {t(`consent.step.${item}`)}
          </li>
        ))}
      </ul>
      <p className="pv-muted pv-small">{t('consent.privacy', { name })}</p>
      <label className="pv-checkbox">
        <input
          type="checkbox"
          checked={agreed}
          onChange={(e) => {
            setAgreed(e.currentTarget.checked);
            setNudge(false);
          }}
          data-testid="consent-checkbox"
        />
        <span>{t('consent.agree')}</span>
      </label>
      {nudge && (
        <p className="pv-error" role="alert">
          {t('consent.mustAgree')}
        </p>
      )}
      <div className="pv-actions">
        <button
          type="button"
          className="pv-btn pv-btn-primary"
          disabled={busy}
          aria-disabled={!agreed}
          onClick={() => (agreed ? onStart() : setNudge(true))}
          data-testid="consent-start"
        >
          {t('consent.start')}
        </button>
      </div>
    </section>
  );
}
