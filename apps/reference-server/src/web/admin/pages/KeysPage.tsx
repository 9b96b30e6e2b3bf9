import { useCallback, useEffect, useState } from 'react';
import type { AdminApi } from '../api/admin-api.js';
import { CHECK_LABELS, type ApiKey } from '../api/types.js';
import { Chip, ErrorText, Loading, Modal, SecretField, fmtDate } from '../components/ui.js';
import { KeyForm, formValues, toRequestBody } from './KeyForm.js';

type Editing = { kind: 'none' } | { kind: 'create' } | { kind: 'edit'; key: ApiKey };
type Reveal = { title: string; key?: string; webhookSecret: string } | null;

/**
 * API keys: create (key and webhook secret shown once), edit, rotate the webhook secret, revoke.
 *
 * @example
 * ```tsx
 * <KeysPage api={api} recognizer="arcface_r50" />
 * ```
 */
export function KeysPage(props: { api: AdminApi; recognizer: string }) {
  const { api, recognizer } = props;
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [showRevoked, setShowRevoked] = useState(false);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>({ kind: 'none' });
  const [reveal, setReveal] = useState<Reveal>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      const res = await api.get<{ keys: ApiKey[] }>(`/keys${showRevoked ? '?includeRevoked=true' : ''}`);
      setKeys(res.keys);
      setError(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setLoading(false);
    }
  }, [api, showRevoked]);

  useEffect(() => {
    void load();
  }, [load]);

  return (
    <section>
      <div className="ad-pagehead">
        <h1>API keys</h1>
        {editing.kind === 'none' && (
          <button type="button" className="ad-btn ad-btn-primary" onClick={() => setEditing({ kind: 'create' })} data-testid="new-key">
            New key
          </button>
        )}
      </div>
      {editing.kind !== 'none' && (
        <KeyForm
          key={editing.kind === 'edit' ? editing.key.id : 'new'}
          create={editing.kind === 'create'}
          recognizer={recognizer}
          initial={formValues(editing.kind === 'edit' ? editing.key : null, recognizer)}
          onCancel={() => setEditing({ kind: 'none' })}
          onSubmit={async (values) => {
            if (editing.kind === 'create') {
              const created = await api.post<{ apiKey: ApiKey; key: string; webhookSecret: string }>(
                '/keys',
                toRequestBody(values, { create: true, recognizer, previous: {} }),
              );
              setReveal({ title: `Key “${created.apiKey.name}” created`, key: created.key, webhookSecret: created.webhookSecret });
            } else {
              await api.patch(`/keys/${editing.key.id}`, toRequestBody(values, { create: false, recognizer, previous: editing.key.thresholds.faceMatch }));
            }
            setEditing({ kind: 'none' });
            await load();
          }}
        />
      )}
      <label className="ad-check">
        <input type="checkbox" checked={showRevoked} onChange={(e) => setShowRevoked(e.currentTarget.checked)} /> Show revoked keys
      </label>
      <ErrorText error={error} />
      <Loading loading={loading && keys.length === 0} />
      <div className="ad-tablewrap">
        <table className="ad-table" data-testid="keys-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Key</th>
              <th>Checks</th>
              <th>Limits</th>
              <th>Webhook</th>
              <th>Created</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} className={k.revokedAt ? 'ad-revoked' : ''}>
                <td>
                  <strong>{k.name}</strong>
                  {k.revokedAt && (
                    <>
                      {' '}
                      <Chip value="REVOKED" />
                    </>
                  )}
                </td>
                <td>
                  <code>{k.prefix}…</code>
                  <div className="ad-muted ad-small">{k.mode}</div>
                </td>
                <td className="ad-small">{k.enabledChecks.map((c) => CHECK_LABELS[c]).join(', ') || '—'}</td>
                <td className="ad-small">
                  {k.rateLimitPerMinute}/min · liveness {k.thresholds.liveness} · age {k.thresholds.minAge}
                </td>
                <td className="ad-small ad-break">{k.webhookUrl ?? '—'}</td>
                <td className="ad-small">{fmtDate(k.createdAt)}</td>
                <td className="ad-rowactions">
                  {!k.revokedAt && (
                    <>
                      <button type="button" className="ad-btn ad-btn-small" onClick={() => setEditing({ kind: 'edit', key: k })}>
                        Edit
                      </button>
                      <button
                        type="button"
                        className="ad-btn ad-btn-small"
                        onClick={async () => {
                          if (!window.confirm(`Rotate the webhook secret of “${k.name}”? Receivers must switch to the new secret.`)) return;
                          try {
                            const r = await api.post<{ webhookSecret: string }>(`/keys/${k.id}/webhook-secret`);
                            setReveal({ title: `New webhook secret for “${k.name}”`, webhookSecret: r.webhookSecret });
                          } catch (e) {
                            setError((e as Error).message);
                          }
                        }}
                      >
                        Rotate secret
                      </button>
                      <button
                        type="button"
                        className="ad-btn ad-btn-small ad-btn-danger"
                        onClick={async () => {
                          if (!window.confirm(`Revoke “${k.name}”? It stops working at once.`)) return;
                          try {
                            await api.post(`/keys/${k.id}/revoke`);
                            await load();
                          } catch (e) {
                            setError((e as Error).message);
                          }
                        }}
                      >
                        Revoke
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
            {!loading && keys.length === 0 && (
              <tr>
                <td colSpan={7} className="ad-muted">
                  No keys yet. Create one to start verifying.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {reveal && (
        <Modal title={reveal.title} onClose={() => setReveal(null)} testId="secret-modal">
          <p className="ad-warn">Copy these now: they are shown only once and stored only as a hash (key) or encrypted (secret).</p>
          {reveal.key && <SecretField label="API key (Authorization: Bearer …)" value={reveal.key} testId="reveal-key" />}
          <SecretField label="Webhook secret (verifies X-KYC-Signature)" value={reveal.webhookSecret} testId="reveal-webhook-secret" />
          <div className="ad-actions">
            <button type="button" className="ad-btn ad-btn-primary" onClick={() => setReveal(null)}>
              I have stored them
            </button>
          </div>
        </Modal>
      )}
    </section>
  );
}
