import { useEffect, useState } from 'react';
import type { AdminApi } from '../api/admin-api.js';
import type { AuditEntry } from '../api/types.js';
import { ErrorText, Loading, fmtDate } from '../components/ui.js';

/**
 * The audit log: key changes, sign-ins, reviews, redactions, session views (never personal data).
 *
 * @example
 * ```tsx
 * <AuditPage api={api} navigate={navigate} />
 * ```
 */
export function AuditPage(props: { api: AdminApi; navigate: (path: string) => void }) {
  const { api, navigate } = props;
  const [entries, setEntries] = useState<AuditEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api
      .get<{ entries: AuditEntry[] }>('/audit?limit=300')
      .then((r) => setEntries(r.entries))
      .catch((e: Error) => setError(e.message));
  }, [api]);
  return (
    <section>
      <h1>Audit log</h1>
      <ErrorText error={error} />
      <Loading loading={entries === null && !error} />
      <div className="ad-tablewrap">
        <table className="ad-table" data-testid="audit-table" data-loaded={entries !== null}>
          <thead>
            <tr>
              <th>Time</th>
              <th>Action</th>
              <th>Actor</th>
              <th>Session</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {entries?.map((e) => (
              <tr key={e.id}>
                <td className="ad-small">{fmtDate(e.at)}</td>
                <td>
                  <code>{e.action}</code>
                </td>
                <td className="ad-small">{e.actor ?? '—'}</td>
                <td>
                  {e.sessionId ? (
                    <a
                      href={`/admin/sessions/${e.sessionId}`}
                      onClick={(ev) => {
                        ev.preventDefault();
                        navigate(`/admin/sessions/${e.sessionId}`);
                      }}
                    >
                      <code>{e.sessionId.slice(0, 8)}</code>
                    </a>
                  ) : (
                    '—'
                  )}
                </td>
                <td className="ad-small ad-break">{Object.keys(e.details ?? {}).length ? JSON.stringify(e.details) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
