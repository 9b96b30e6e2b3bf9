import type { Translate } from '../i18n/i18n.js';

/**
 * Pages for a session that cannot be used: expired, cancelled, already completed, an invalid link, or an error.
 *
 * @example
 * ```tsx
 * <StatusView t={t} name="Acme" kind="EXPIRED" />
 * ```
 */
export function StatusView(props: {
  t: Translate;
  name: string;
  kind: 'EXPIRED' | 'CANCELLED' | 'COMPLETED' | 'invalid' | 'error';
  continueUrl?: string | null;
  onRetry?: () => void;
  detail?: string | null;
}) {
  const { t, name, kind, continueUrl, onRetry, detail } = props;
  const icon = kind === 'COMPLETED' ? '✓' : kind === 'EXPIRED' ? '⌛' : kind === 'CANCELLED' ? '⊘' : '!';
  return (
    <section className={`pv-card pv-status pv-status-${kind}`} data-testid={`status-${kind}`}>
      <div className="pv-result-icon" aria-hidden="true">
        {icon}
      </div>
      <h1 className="pv-title">{t(`status.${kind}.title`)}</h1>
      <p>{t(`status.${kind}.body`, { name })}</p>
      {detail && <p className="pv-muted pv-small">{detail}</p>}
      <div className="pv-actions">
        {continueUrl && (
          <a className="pv-btn pv-btn-primary" href={continueUrl}>
            {t('app.continue')}
          </a>
        )}
        {onRetry && (
          <button type="button" className="pv-btn pv-btn-secondary" onClick={onRetry}>
            {t('app.retry')}
          </button>
        )}
      </div>
    </section>
  );
}
