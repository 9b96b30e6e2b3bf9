import { useState } from 'react';
import type { BrandingInput } from '@provefy/hosted-page/preview';
import { CHECK_LABELS, CHECKS, type ApiKey, type CheckName } from '../api/types.js';
import { BrandPreview } from '../components/BrandPreview.js';
import { ErrorText } from '../components/ui.js';

/** The editable fields of a key, as form state. */
export interface KeyFormValues {
  name: string;
  mode: 'live' | 'test';
  enabledChecks: CheckName[];
  liveness: string;
  minAge: string;
  faceMatch: string;
  rateLimitPerMinute: string;
  webhookUrl: string;
  allowPrivateCallbacks: boolean;
  allowVirtualCameras: boolean;
  allowedRedirectOrigins: string;
  allowedFrameOrigins: string;
  branding: BrandingInput;
}

/**
 * Form values of an existing key, or the defaults for a new one.
 *
 * @example
 * ```ts
 * formValues(null, 'arcface_r50').liveness; // '0.85'
 * ```
 */
export function formValues(key: ApiKey | null, recognizer: string): KeyFormValues {
  return {
    name: key?.name ?? '',
    mode: key?.mode ?? 'live',
    enabledChecks: key?.enabledChecks ?? [...CHECKS],
    liveness: String(key?.thresholds.liveness ?? 0.85),
    minAge: String(key?.thresholds.minAge ?? 18),
    faceMatch: key?.thresholds.faceMatch?.[recognizer] !== undefined ? String(key.thresholds.faceMatch[recognizer]) : '',
    rateLimitPerMinute: String(key?.rateLimitPerMinute ?? 100),
    webhookUrl: key?.webhookUrl ?? '',
    allowPrivateCallbacks: key?.allowPrivateCallbacks ?? false,
    allowVirtualCameras: key?.allowVirtualCameras ?? false,
    allowedRedirectOrigins: (key?.allowedRedirectOrigins ?? []).join('\n'),
    allowedFrameOrigins: (key?.allowedFrameOrigins ?? []).join('\n'),
    branding: key?.branding ?? { name: null, primaryColor: null, accentColor: null, logoUrl: null },
  };
}

const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((s) => s.trim().replace(/\/+$/, ''))
    .filter(Boolean);
const orNull = (s: string | null) => (s?.trim() ? s.trim() : null);

/**
 * The request body for the adapter's admin API (create or update) from form values. Face-match thresholds are kept
 * per model: the field edits the threshold of the recognizer this server runs, other models' values stay.
 *
 * @example
 * ```ts
 * toRequestBody(values, { create: true, recognizer: 'arcface_r50', previous: {} });
 * ```
 */
export function toRequestBody(v: KeyFormValues, opts: { create: boolean; recognizer: string; previous: Record<string, number> }): Record<string, unknown> {
  const faceMatch = { ...opts.previous };
  if (v.faceMatch.trim() === '') delete faceMatch[opts.recognizer];
  else faceMatch[opts.recognizer] = Number(v.faceMatch);
  const body: Record<string, unknown> = {
    name: v.name.trim(),
    enabledChecks: v.enabledChecks,
    thresholds: { liveness: Number(v.liveness), minAge: Number(v.minAge), faceMatch },
    rateLimitPerMinute: Number(v.rateLimitPerMinute),
    webhookUrl: orNull(v.webhookUrl),
    allowPrivateCallbacks: v.allowPrivateCallbacks,
    allowVirtualCameras: v.allowVirtualCameras,
    allowedRedirectOrigins: lines(v.allowedRedirectOrigins),
    allowedFrameOrigins: lines(v.allowedFrameOrigins),
    branding: {
      name: orNull(v.branding.name),
      primaryColor: orNull(v.branding.primaryColor),
      accentColor: orNull(v.branding.accentColor),
      logoUrl: orNull(v.branding.logoUrl),
    },
  };
  if (opts.create) body.mode = v.mode;
  return body;
}

/**
 * Create or edit an API key, with a live preview of the branded verification page.
 *
 * @example
 * ```tsx
 * <KeyForm create initial={formValues(null, 'arcface_r50')} recognizer="arcface_r50" onSubmit={save} onCancel={close} />
 * ```
 */
export function KeyForm(props: {
  initial: KeyFormValues;
  create: boolean;
  recognizer: string;
  onSubmit: (values: KeyFormValues) => Promise<void>;
  onCancel: () => void;
}) {
  const [v, setV] = useState<KeyFormValues>(props.initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const set = <K extends keyof KeyFormValues>(k: K, value: KeyFormValues[K]) => setV((p) => ({ ...p, [k]: value }));
  const setBrand = (k: keyof BrandingInput, value: string) => setV((p) => ({ ...p, branding: { ...p.branding, [k]: value === '' ? null : value } }));

  return (
    <form
      className="ad-card ad-keyform"
      data-testid="key-form"
      onSubmit={async (e) => {
        e.preventDefault();
        setBusy(true);
        setError(null);
        try {
          await props.onSubmit(v);
        } catch (err) {
          setError((err as Error).message);
        } finally {
          setBusy(false);
        }
      }}
    >
      <div className="ad-keyform-grid">
        <div>
          <h2>{props.create ? 'New API key' : `Edit “${props.initial.name}”`}</h2>
          <label className="ad-field">
            <span>Name</span>
            <input name="name" value={v.name} onChange={(e) => set('name', e.currentTarget.value)} required maxLength={200} />
          </label>
          {props.create && (
            <label className="ad-field">
              <span>Mode</span>
              <select name="mode" value={v.mode} onChange={(e) => set('mode', e.currentTarget.value as 'live' | 'test')}>
                <option value="live">live (kyc_live_…)</option>
                <option value="test">test (kyc_test_…)</option>
              </select>
            </label>
          )}
          <fieldset className="ad-fieldset">
            <legend>Enabled checks</legend>
            {CHECKS.map((c) => (
              <label key={c} className="ad-check">
                <input
                  type="checkbox"
                  name={`check-${c}`}
                  checked={v.enabledChecks.includes(c)}
                  onChange={(e) => {
                    const on = e.currentTarget.checked;
                    set('enabledChecks', on ? CHECKS.filter((x) => x === c || v.enabledChecks.includes(x)) : v.enabledChecks.filter((x) => x !== c));
                  }}
                />
                {CHECK_LABELS[c]}
              </label>
            ))}
          </fieldset>
          <fieldset className="ad-fieldset ad-row3">
            <legend>Thresholds</legend>
            <label className="ad-field">
              <span>Liveness (0–1)</span>
              <input name="liveness" type="number" min={0} max={1} step={0.01} value={v.liveness} onChange={(e) => set('liveness', e.currentTarget.value)} required />
            </label>
            <label className="ad-field">
              <span>Minimum age</span>
              <input name="minAge" type="number" min={0} max={150} step={1} value={v.minAge} onChange={(e) => set('minAge', e.currentTarget.value)} required />
            </label>
            <label className="ad-field">
              <span>Face match ({props.recognizer})</span>
              <input name="faceMatch" type="number" min={0} max={1} step={0.01} placeholder="model default" value={v.faceMatch} onChange={(e) => set('faceMatch', e.currentTarget.value)} />
            </label>
          </fieldset>
          <label className="ad-field">
            <span>Rate limit (requests per minute, all endpoints)</span>
            <input name="rateLimitPerMinute" type="number" min={1} max={1000000} value={v.rateLimitPerMinute} onChange={(e) => set('rateLimitPerMinute', e.currentTarget.value)} required />
          </label>
          <label className="ad-field">
            <span>Webhook URL</span>
            <input name="webhookUrl" type="url" placeholder="https://yourapp.com/webhook/kyc" value={v.webhookUrl} onChange={(e) => set('webhookUrl', e.currentTarget.value)} />
          </label>
          <label className="ad-check">
            <input type="checkbox" name="allowPrivateCallbacks" checked={v.allowPrivateCallbacks} onChange={(e) => set('allowPrivateCallbacks', e.currentTarget.checked)} />
            Allow webhooks to private or loopback addresses (development only)
          </label>
          <label className="ad-check">
            <input type="checkbox" name="allowVirtualCameras" checked={v.allowVirtualCameras} onChange={(e) => set('allowVirtualCameras', e.currentTarget.checked)} />
            Let virtual and browser fake cameras pass liveness (test set-ups only; otherwise held at REVIEW)
          </label>
          <label className="ad-field">
            <span>Allowed redirect origins (one per line; empty: any)</span>
            <textarea name="allowedRedirectOrigins" rows={2} placeholder="https://yourapp.com" value={v.allowedRedirectOrigins} onChange={(e) => set('allowedRedirectOrigins', e.currentTarget.value)} />
          </label>
          <label className="ad-field">
            <span>Allowed iframe origins (one per line; empty: no embedding)</span>
            <textarea name="allowedFrameOrigins" rows={2} placeholder="https://yourapp.com" value={v.allowedFrameOrigins} onChange={(e) => set('allowedFrameOrigins', e.currentTarget.value)} />
          </label>
        </div>
        <div>
          <fieldset className="ad-fieldset">
            <legend>Branding</legend>
            <label className="ad-field">
              <span>Display name</span>
              <input name="brandName" value={v.branding.name ?? ''} onChange={(e) => setBrand('name', e.currentTarget.value)} maxLength={100} />
            </label>
            <div className="ad-row2">
              <label className="ad-field">
                <span>Primary colour</span>
                <div className="ad-color">
                  <input type="color" aria-label="Pick primary colour" value={v.branding.primaryColor ?? '#2451d6'} onChange={(e) => setBrand('primaryColor', e.currentTarget.value)} />
                  <input name="primaryColor" placeholder="#2451d6" value={v.branding.primaryColor ?? ''} onChange={(e) => setBrand('primaryColor', e.currentTarget.value)} />
                </div>
              </label>
              <label className="ad-field">
                <span>Accent colour</span>
                <div className="ad-color">
                  <input type="color" aria-label="Pick accent colour" value={v.branding.accentColor ?? '#0f9d73'} onChange={(e) => setBrand('accentColor', e.currentTarget.value)} />
                  <input name="accentColor" placeholder="#0f9d73" value={v.branding.accentColor ?? ''} onChange={(e) => setBrand('accentColor', e.currentTarget.value)} />
                </div>
              </label>
            </div>
            <label className="ad-field">
              <span>Logo URL (https)</span>
              <input name="logoUrl" type="url" placeholder="https://cdn.yourapp.com/logo.svg" value={v.branding.logoUrl ?? ''} onChange={(e) => setBrand('logoUrl', e.currentTarget.value)} />
            </label>
          </fieldset>
          <BrandPreview branding={v.branding} checks={v.enabledChecks} />
        </div>
      </div>
      <ErrorText error={error} />
      <div className="ad-actions">
        <button type="submit" className="ad-btn ad-btn-primary" disabled={busy} data-testid="key-form-submit">
          {props.create ? 'Create key' : 'Save changes'}
        </button>
        <button type="button" className="ad-btn" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
