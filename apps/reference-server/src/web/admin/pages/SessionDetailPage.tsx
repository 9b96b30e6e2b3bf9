import { Fragment, useCallback, useEffect, useState } from 'react';
import type { AdminApi } from '../api/admin-api.js';
import { CHECK_LABELS, type CheckStateJson, type SessionDetail } from '../api/types.js';
import { Chip, ErrorText, Loading, fmtDate, fmtScore } from '../components/ui.js';

const FIELD_LABELS: Record<string, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  dateOfBirth: 'Date of birth',
  documentNumber: 'Document number',
  expiryDate: 'Expiry date',
  sex: 'Sex',
  nationality: 'Nationality',
};

function CheckCard(props: { check: CheckStateJson }) {
  const c = props.check;
  const reported = c.reported;
  const values = Object.entries(c.values ?? {});
  const fields = (reported?.fields ?? null) as Record<string, string | null> | null;
  return (
    <div className="ad-card ad-check-card" data-testid={`check-${c.name}`}>
      <div className="ad-check-head">
        <h3>{CHECK_LABELS[c.name] ?? c.name}</h3>
        <Chip value={c.result} />
      </div>
      <dl className="ad-dl">
        <dt>Status</dt>
        <dd>{c.status}</dd>
        <dt>Attempts</dt>
        <dd>{c.attempts}</dd>
        {values.map(([k, v]) => (
          <Fragment key={k}>
            <dt>{k}</dt>
            <dd data-testid={`value-${c.name}-${k}`}>{fmtScore(v)}</dd>
          </Fragment>
        ))}
        {reported && c.name === 'doc_verify' && (
          <>
            <dt>Country</dt>
            <dd>{String(reported.country ?? '—')}</dd>
            <dt>Portrait found</dt>
            <dd>{reported.portraitFound ? 'yes' : 'no'}</dd>
          </>
        )}
        {reported && reported.result !== c.result && (
          <>
            <dt>Reported by the check</dt>
            <dd>
              <Chip value={reported.result} /> (cross-check rules changed it)
            </dd>
          </>
        )}
      </dl>
      {c.reasons.length > 0 && (
        <ul className="ad-reasons">
          {c.reasons.map((r) => (
            <li key={`${r.code}-${r.message}`}>
              <code>{r.code}</code> {r.message}
            </li>
          ))}
        </ul>
      )}
      {fields && (
        <table className="ad-table ad-fields" data-testid="document-fields">
          <tbody>
            {Object.entries(FIELD_LABELS).map(([k, label]) => (
              <tr key={k}>
                <th>{label}</th>
                <td>{fields[k] ?? <span className="ad-muted">—</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/**
 * One session: status and result, the review decision form (REVIEW only), each check's scores, reasons and
 * extracted document fields, the images while retained, metadata, webhooks and the audit trail.
 *
 * @example
 * ```tsx
 * <SessionDetailPage api={api} id={sessionId} navigate={navigate} onChanged={refreshBadges} />
 * ```
 */
export function SessionDetailPage(props: { api: AdminApi; id: string; navigate: (path: string) => void; onChanged: () => void }) {
  const { api, id, navigate, onChanged } = props;
  const [detail, setDetail] = useState<SessionDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [deciding, setDeciding] = useState(false);
  const [decisionError, setDecisionError] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setDetail(await api.get<SessionDetail>(`/sessions/${encodeURIComponent(id)}`));
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    }
  }, [api, id]);

  useEffect(() => {
    void load();
  }, [load]);

  const decide = async (decision: 'APPROVED' | 'REJECTED') => {
    setDeciding(true);
    setDecisionError(null);
    try {
      await api.post(`/sessions/${encodeURIComponent(id)}/review`, { decision, note });
      setNote('');
      await load();
      onChanged();
    } catch (e) {
      setDecisionError((e as Error).message);
    } finally {
      setDeciding(false);
    }
  };

  if (error) return <ErrorText error={error} />;
  if (!detail) return <Loading loading />;
  const { summary: sm, session: s } = detail;
  const awaitingReview = sm.status === 'COMPLETED' && sm.overallResult === 'REVIEW' && !s?.review;

  return (
    <section data-testid="session-detail" data-session-id={sm.id}>
      <p>
        <a
          href="/admin/sessions"
          onClick={(e) => {
            e.preventDefault();
            navigate('/admin/sessions');
          }}
        >
          ← Sessions
        </a>
      </p>
      <div className="ad-pagehead">
        <h1>
          Session <code>{sm.id}</code>
        </h1>
        <div className="ad-chips">
          <Chip value={sm.status} testId="detail-status" />
          <Chip value={sm.overallResult} testId="detail-result" />
        </div>
      </div>
      <div className="ad-card">
        <dl className="ad-dl ad-dl-wide">
          <dt>API key</dt>
          <dd>{detail.key ? `${detail.key.name} (${detail.key.prefix}…)` : '—'}</dd>
          <dt>externalRef</dt>
          <dd>{sm.externalRef ?? '—'}</dd>
          <dt>Created</dt>
          <dd>{fmtDate(sm.createdAt)}</dd>
          <dt>Completed</dt>
          <dd>{fmtDate(sm.completedAt)}</dd>
          <dt>Expires</dt>
          <dd>{fmtDate(sm.expiresAt)}</dd>
          {sm.redactedAt && (
            <>
              <dt>Data deleted</dt>
              <dd>{fmtDate(sm.redactedAt)}</dd>
            </>
          )}
          {s?.review && (
            <>
              <dt>Review</dt>
              <dd data-testid="review-decision">
                {s.review.decision} by {s.review.reviewer} on {fmtDate(s.review.at)}
                {s.review.reason ? ` — “${s.review.reason}”` : ''}
              </dd>
            </>
          )}
        </dl>
      </div>

      {awaitingReview && (
        <div className="ad-card ad-review-box" data-testid="review-box">
          <h2>Review decision</h2>
          <p className="ad-muted">Your decision completes the review and sends the webhook with the final result.</p>
          <label className="ad-field">
            <span>Note (why)</span>
            <textarea rows={3} value={note} maxLength={2000} onChange={(e) => setNote(e.currentTarget.value)} data-testid="review-note" />
          </label>
          <ErrorText error={decisionError} />
          <div className="ad-actions">
            <button type="button" className="ad-btn ad-btn-ok" disabled={deciding || note.trim() === ''} onClick={() => void decide('APPROVED')} data-testid="review-approve">
              Approve
            </button>
            <button type="button" className="ad-btn ad-btn-danger" disabled={deciding || note.trim() === ''} onClick={() => void decide('REJECTED')} data-testid="review-reject">
              Reject
            </button>
          </div>
        </div>
      )}

      <h2>Checks</h2>
      {s ? (
        <div className="ad-grid">
          {s.requestedChecks.map((name) => {
            const c = s.checks[name];
            return c ? <CheckCard key={name} check={c} /> : null;
          })}
        </div>
      ) : (
        <p className="ad-muted">The session data was deleted.</p>
      )}

      <h2>Images</h2>
      {detail.images.length > 0 ? (
        <div className="ad-images">
          {detail.images.map((img) => (
            <figure key={img.id} className="ad-figure">
              <img src={`/admin/api/sessions/${encodeURIComponent(sm.id)}/images/${encodeURIComponent(img.id)}`} alt={img.kind} loading="lazy" />
              <figcaption>
                {img.kind.replace(/_/g, ' ')} · kept until {fmtDate(img.retainUntil)}
              </figcaption>
            </figure>
          ))}
        </div>
      ) : (
        <p className="ad-muted">No images retained (images are deleted after the retention period).</p>
      )}

      {s && Object.keys(s.metadata ?? {}).length > 0 && (
        <>
          <h2>Metadata</h2>
          <pre className="ad-pre">{JSON.stringify(s.metadata, null, 2)}</pre>
        </>
      )}

      <h2>Webhooks</h2>
      {detail.webhooks.length > 0 ? (
        <table className="ad-table">
          <thead>
            <tr>
              <th>Event</th>
              <th>Status</th>
              <th>Attempts</th>
              <th>Created</th>
              <th>Delivered</th>
              <th>Last error</th>
            </tr>
          </thead>
          <tbody>
            {detail.webhooks.map((w) => (
              <tr key={w.id}>
                <td>{w.type}</td>
                <td>
                  <Chip value={w.status} />
                </td>
                <td>{w.attempts}</td>
                <td className="ad-small">{fmtDate(w.createdAt)}</td>
                <td className="ad-small">{fmtDate(w.deliveredAt)}</td>
                <td className="ad-small">{w.lastError ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="ad-muted">No webhook events (no webhook URL, or not finished yet).</p>
      )}

      <h2>Timeline</h2>
      <table className="ad-table">
        <thead>
          <tr>
            <th>Time</th>
            <th>Actor</th>
            <th>Event</th>
          </tr>
        </thead>
        <tbody>
          {(s?.log ?? []).map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the log is append-only, so an entry's position is its identity
            <tr key={`${e.at}-${i}`}>
              <td className="ad-small">{fmtDate(e.at)}</td>
              <td className="ad-small">{e.actor}</td>
              <td className="ad-small">
                {e.type}
                {typeof e.data.check === 'string' ? ` · ${e.data.check}` : ''}
                {typeof e.data.result === 'string' ? ` · ${e.data.result}` : ''}
              </td>
            </tr>
          ))}
          {detail.audit.map((a) => (
            <tr key={a.id}>
              <td className="ad-small">{fmtDate(a.at)}</td>
              <td className="ad-small">{a.actor ?? '—'}</td>
              <td className="ad-small">audit: {a.action}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
