import { Fragment, useCallback, useEffect, useState } from 'react';
import { type AdminApi, query } from '../api/admin-api.js';
import type { WebhookAttempt, WebhookEventRow } from '../api/types.js';
import { Chip, ErrorText, Loading, fmtDate } from '../components/ui.js';

function hostOf(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return url;
  }
}

/**
 * The webhook delivery log: every event with its attempts (status, latency, error), and a manual retry.
 *
 * @example
 * ```tsx
 * <WebhooksPage api={api} navigate={navigate} />
 * ```
 */
export function WebhooksPage(props: { api: AdminApi; navigate: (path: string) => void }) {
  const { api, navigate } = props;
  const [status, setStatus] = useState('');
  const [events, setEvents] = useState<WebhookEventRow[] | null>(null);
  const [open, setOpen] = useState<Record<string, WebhookAttempt[]>>({});
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setEvents((await api.get<{ events: WebhookEventRow[] }>(`/webhooks${query({ status, limit: 200 })}`)).events);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [api, status]);

  useEffect(() => {
    void load();
  }, [load]);

  const toggle = async (id: string) => {
    if (open[id]) {
      const { [id]: _, ...rest } = open;
      return setOpen(rest);
    }
    const r = await api.get<{ attempts: WebhookAttempt[] }>(`/webhooks/${id}`);
    setOpen((o) => ({ ...o, [id]: r.attempts }));
  };

  return (
    <section>
      <div className="ad-pagehead">
        <h1>Webhook deliveries</h1>
        <button type="button" className="ad-btn" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <div className="ad-filters">
        <select aria-label="Status" value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          <option value="">All</option>
          <option value="pending">pending</option>
          <option value="delivered">delivered</option>
          <option value="dead">dead</option>
        </select>
      </div>
      <ErrorText error={error} />
      {note && <p className="ad-ok">{note}</p>}
      <Loading loading={events === null && !error} />
      <div className="ad-tablewrap">
        <table className="ad-table" data-testid="webhooks-table">
          <thead>
            <tr>
              <th>Created</th>
              <th>Event</th>
              <th>Session</th>
              <th>URL</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Last error</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {events?.map((ev) => (
              <Fragment key={ev.id}>
                <tr data-event-id={ev.id}>
                  <td className="ad-small">{fmtDate(ev.createdAt)}</td>
                  <td>{ev.type}</td>
                  <td>
                    {ev.sessionId ? (
                      <a
                        href={`/admin/sessions/${ev.sessionId}`}
                        onClick={(e) => {
                          e.preventDefault();
                          navigate(`/admin/sessions/${ev.sessionId}`);
                        }}
                      >
                        <code>{ev.sessionId.slice(0, 8)}</code>
                      </a>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td className="ad-small ad-break">{hostOf(ev.url)}</td>
                  <td>
                    <Chip value={ev.status} />
                    {ev.nextAttemptAt && <div className="ad-small ad-muted">next {fmtDate(ev.nextAttemptAt)}</div>}
                  </td>
                  <td>{ev.attempts}</td>
                  <td className="ad-small ad-break">{ev.lastError ?? '—'}</td>
                  <td className="ad-rowactions">
                    <button type="button" className="ad-btn ad-btn-small" onClick={() => void toggle(ev.id)}>
                      {open[ev.id] ? 'Hide attempts' : 'Attempts'}
                    </button>
                    {ev.status !== 'pending' && (
                      <button
                        type="button"
                        className="ad-btn ad-btn-small"
                        data-testid="webhook-retry"
                        onClick={async () => {
                          try {
                            await api.post(`/webhooks/${ev.id}/retry`);
                            setNote('Queued for delivery again.');
                            await load();
                          } catch (e) {
                            setError((e as Error).message);
                          }
                        }}
                      >
                        Retry
                      </button>
                    )}
                  </td>
                </tr>
                {open[ev.id] && (
                  <tr className="ad-subrow">
                    <td colSpan={8}>
                      <table className="ad-table ad-inner">
                        <thead>
                          <tr>
                            <th>#</th>
                            <th>Started</th>
                            <th>HTTP status</th>
                            <th>Latency</th>
                            <th>Result</th>
                          </tr>
                        </thead>
                        <tbody>
                          {open[ev.id]!.map((a) => (
                            <tr key={a.id}>
                              <td>{a.attempt}</td>
                              <td className="ad-small">{fmtDate(a.startedAt)}</td>
                              <td>{a.statusCode ?? '—'}</td>
                              <td>{a.latencyMs} ms</td>
                              <td>{a.success ? 'delivered' : (a.error ?? 'failed')}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </td>
                  </tr>
                )}
              </Fragment>
            ))}
            {events && events.length === 0 && (
              <tr>
                <td colSpan={8} className="ad-muted">
                  No webhook events.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
