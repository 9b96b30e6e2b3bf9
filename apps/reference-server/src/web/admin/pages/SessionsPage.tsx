import { useCallback, useEffect, useState } from 'react';
import { type AdminApi, query } from '../api/admin-api.js';
import { CHECK_LABELS, type ApiKey, type CheckName, type SessionSummary } from '../api/types.js';
import { Chip, ErrorText, Loading, fmtDate } from '../components/ui.js';

const STATUSES = ['PENDING', 'IN_PROGRESS', 'COMPLETED', 'EXPIRED', 'CANCELLED'];
const RESULTS = ['APPROVED', 'REJECTED', 'REVIEW'];

/**
 * The sessions table with filters (status, result, key) and an exact search by externalRef.
 *
 * @example
 * ```tsx
 * <SessionsPage api={api} navigate={navigate} />
 * ```
 */
export function SessionsPage(props: { api: AdminApi; navigate: (path: string) => void }) {
  const { api, navigate } = props;
  const [filters, setFilters] = useState({ status: '', result: '', keyId: '', externalRef: '' });
  const [search, setSearch] = useState('');
  const [page, setPage] = useState(1);
  const [data, setData] = useState<{ sessions: SessionSummary[]; pagination: { total: number; totalPages: number } } | null>(null);
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);

  useEffect(() => {
    api
      .get<{ keys: ApiKey[] }>('/keys?includeRevoked=true')
      .then((r) => setKeys(r.keys))
      .catch(() => undefined);
  }, [api]);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const { externalRef, ...rest } = filters;
      // An externalRef may be personal data: it goes in a POST body, never in a URL.
      setData(externalRef ? await api.post('/sessions/search', { ...rest, externalRef, page, limit: 20 }) : await api.get(`/sessions${query({ ...rest, page, limit: 20 })}`));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [api, filters, page]);

  useEffect(() => {
    void load();
  }, [load]);

  const setFilter = (k: keyof typeof filters, v: string) => {
    setPage(1);
    setFilters((f) => ({ ...f, [k]: v }));
  };

  return (
    <section>
      <div className="ad-pagehead">
        <h1>Sessions</h1>
        <button type="button" className="ad-btn" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <div className="ad-filters">
        <select aria-label="Status" value={filters.status} onChange={(e) => setFilter('status', e.currentTarget.value)}>
          <option value="">All statuses</option>
          {STATUSES.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <select aria-label="Result" value={filters.result} onChange={(e) => setFilter('result', e.currentTarget.value)}>
          <option value="">All results</option>
          {RESULTS.map((s) => (
            <option key={s}>{s}</option>
          ))}
        </select>
        <select aria-label="API key" value={filters.keyId} onChange={(e) => setFilter('keyId', e.currentTarget.value)}>
          <option value="">All keys</option>
          {keys.map((k) => (
            <option key={k.id} value={k.id}>
              {k.name}
            </option>
          ))}
        </select>
        <form
          className="ad-search"
          onSubmit={(e) => {
            e.preventDefault();
            setFilter('externalRef', search.trim());
          }}
        >
          <input type="search" placeholder="externalRef (exact)" aria-label="Search by externalRef" value={search} onChange={(e) => setSearch(e.currentTarget.value)} data-testid="search-external-ref" />
          <button type="submit" className="ad-btn">
            Search
          </button>
        </form>
      </div>
      <ErrorText error={error} />
      <Loading loading={loading && !data} />
      <div className="ad-tablewrap">
        <table className="ad-table ad-clickable" data-testid="sessions-table">
          <thead>
            <tr>
              <th>Created</th>
              <th>Session</th>
              <th>externalRef</th>
              <th>Key</th>
              <th>Status</th>
              <th>Result</th>
              <th>Checks</th>
            </tr>
          </thead>
          <tbody>
            {data?.sessions.map((s) => (
              <tr key={s.id} onClick={() => navigate(`/admin/sessions/${s.id}`)} data-session-id={s.id}>
                <td className="ad-small">{fmtDate(s.createdAt)}</td>
                <td>
                  <a
                    href={`/admin/sessions/${s.id}`}
                    onClick={(e) => {
                      e.preventDefault();
                      navigate(`/admin/sessions/${s.id}`);
                    }}
                  >
                    <code>{s.id.slice(0, 8)}</code>
                  </a>
                </td>
                <td className="ad-break">{s.externalRef ?? <span className="ad-muted">—</span>}</td>
                <td className="ad-small">{s.keyName ?? '—'}</td>
                <td>
                  <Chip value={s.status} />
                </td>
                <td>
                  <Chip value={s.overallResult} />
                  {s.reviewed && <div className="ad-small ad-muted">reviewed</div>}
                </td>
                <td className="ad-small">
                  {Object.entries(s.checks).map(([name, r]) => (
                    <div key={name}>
                      {CHECK_LABELS[name as CheckName] ?? name}: <Chip value={r} />
                    </div>
                  ))}
                </td>
              </tr>
            ))}
            {data && data.sessions.length === 0 && (
              <tr>
                <td colSpan={7} className="ad-muted">
                  No sessions match.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {data && data.pagination.totalPages > 1 && (
        <div className="ad-pager">
          <button type="button" className="ad-btn" disabled={page <= 1} onClick={() => setPage((p) => p - 1)}>
            Previous
          </button>
          <span>
            Page {page} of {data.pagination.totalPages} ({data.pagination.total} sessions)
          </span>
          <button type="button" className="ad-btn" disabled={page >= data.pagination.totalPages} onClick={() => setPage((p) => p + 1)}>
            Next
          </button>
        </div>
      )}
    </section>
  );
}
