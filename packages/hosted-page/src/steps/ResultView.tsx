import { useEffect, useRef } from 'react';
import type { FlowState } from '../api/flow-api.js';
import type { CompletionAction } from '../embed/completion.js';
import type { Translate } from '../i18n/i18n.js';

const ICON = { APPROVED: '✓', REVIEW: '⏳', REJECTED: '✕' } as const;
/** How long the result stays on screen before the redirect. */
export const REDIRECT_DELAY_MS = 2500;

/**
 * The result after completion, then the completion action: `postMessage` to the embedding page, or a redirect to
 * the integrator's `redirectUrl` after a short pause (with a button to go at once).
 *
 * @example
 * ```tsx
 * <ResultView t={t} name="Acme" state={state} action={{ kind: 'redirect', url: state.redirectUrl! }} />
 * ```
 */
export function ResultView(props: { t: Translate; name: string; state: FlowState; action: CompletionAction }) {
  const { t, name, state, action } = props;
  const result = state.overallResult ?? 'REVIEW';
  const posted = useRef(false);
  // Keyed by value, not identity: the parent recomputes `action` on every render.
  const signature = action.kind === 'redirect' ? `redirect:${action.url}` : action.kind === 'post-message' ? `post:${action.targetOrigin}` : 'none';
  // biome-ignore lint/correctness/useExhaustiveDependencies: `signature` captures everything the effect reads from `action`
  useEffect(() => {
    if (action.kind === 'post-message') {
      if (posted.current) return;
      posted.current = true;
      window.parent.postMessage(action.message, action.targetOrigin);
    } else if (action.kind === 'redirect') {
      const url = action.url;
      const timer = setTimeout(() => window.location.assign(url), REDIRECT_DELAY_MS);
      return () => clearTimeout(timer);
    }
  }, [signature]);
  return (
    <section className={`pv-card pv-result pv-result-${result}`} data-testid="step-result" data-result={result}>
      <div className="pv-result-icon" aria-hidden="true">
        {ICON[result]}
      </div>
      <h1 className="pv-title">{t(`result.${result}.title`)}</h1>
      <p>{t(`result.${result}.body`, { name })}</p>
      {action.kind === 'redirect' ? (
        <>
          <p className="pv-muted">{t('result.redirecting', { name })}</p>
          <div className="pv-actions">
            <a className="pv-btn pv-btn-primary" href={action.url}>
              {t('app.continue')}
            </a>
          </div>
        </>
      ) : (
        <p className="pv-muted">{t('result.close')}</p>
      )}
    </section>
  );
}
