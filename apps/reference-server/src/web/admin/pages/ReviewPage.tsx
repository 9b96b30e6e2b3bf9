import { useEffect, useState } from 'react';
import type { AdminApi } from '../api/admin-api.js';
import { CHECK_LABELS, type CheckName, type SessionSummary } from '../api/types.js';
import { ErrorText, Loading, fmtDate } from '../components/ui.js';

/**
 * Completed sessions whose result is REVIEW, oldest first, with the reasons that caused it.
 *
 * @example
 * ```tsx
 * <ReviewPage api={api} navigate={navigate} />
 * ```
 */
export function ReviewPage(props: { api: AdminApi; navigate: (path: string) => void }) {
  const { api, navigate } = props;
  const [items, setItems] = useState<SessionSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .get<{ sessions: SessionSummary[] }>('/review')
      .then((r) => setItems(r.sessions))
      .catch((e: Error) => setError(e.message));
  }, [api]);
  return (
    <section>
      <h1>Review queue</h1>
      <p className="ad-muted">Borderline sessions wait here. Approve or reject each with a note; the integrator's webhook then receives the final result.</p>
      <ErrorText error={error} />
      <Loading loading={items === null && !error} />
      {items && items.length === 0 && <p className="ad-muted">Nothing to review.</p>}
      <ul className="ad-queue" data-testid="review-queue">
        {items?.map((s) => (
          <li key={s.id} className="ad-card ad-queue-item" data-session-id={s.id}>
            <div className="ad-queue-head">
              <a
                href={`/admin/sessions/${s.id}`}
                onClick={(e) => {
                  e.preventDefault();
                  navigate(`/admin/sessions/${s.id}`);
                }}
              >
                <code>{s.id.slice(0, 8)}</code> {s.externalRef ? `· ${s.externalRef}` : ''}
              </a>
              <span className="ad-small ad-muted">
                {s.keyName ?? ''} · completed {fmtDate(s.completedAt)}
              </span>
            </div>
            <ul className="ad-reasons">
              {(s.reasons ?? []).map((r) => (
                <li key={`${r.check}-${r.code}-${r.message}`}>
                  <strong>{CHECK_LABELS[r.check as CheckName] ?? r.check}</strong>: <code>{r.code}</code> {r.message}
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
