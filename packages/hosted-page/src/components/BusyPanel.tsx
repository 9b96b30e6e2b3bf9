import type { CheckName, FlowState } from '../api/flow-api.js';
import type { MessageKey, Translate } from '../i18n/i18n.js';

/**
 * Upload and analysis progress, with the session's checks and which of them have a result.
 *
 * @example
 * ```tsx
 * <BusyPanel t={t} progress={0.42} state={state} />
 * ```
 */
export function BusyPanel(props: { t: Translate; progress: number | null; state: FlowState | null; title?: string }) {
  const { t, progress, state, title } = props;
  const checks = Object.entries(state?.checks ?? {}) as [CheckName, { result: string | null; final: boolean }][];
  return (
    <section className="pv-card pv-busy" aria-live="polite" aria-busy="true">
      {title && <h1 className="pv-title">{title}</h1>}
      <div className="pv-spinner" aria-hidden="true" />
      <p className="pv-busy-label">{progress === null ? t('upload.analysing') : t('upload.sending', { percent: Math.round(progress * 100) })}</p>
      <div
        className={`pv-progress${progress === null ? ' pv-progress-indeterminate' : ''}`}
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={progress === null ? undefined : Math.round(progress * 100)}
      >
        <div className="pv-progress-bar" style={progress === null ? undefined : { width: `${Math.round(progress * 100)}%` }} />
      </div>
      {checks.length > 0 && (
        <ul className="pv-checklist">
          {checks.map(([name, c]) => (
            <li key={name} className={c.final ? 'pv-check-done' : 'pv-check-pending'}>
              <span className="pv-check-icon" aria-hidden="true">
                {c.final ? '✓' : '•'}
              </span>
              {t(`check.${name}` as MessageKey)} <span className="pv-muted">· {c.final ? t('check.done') : t('check.pending')}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
