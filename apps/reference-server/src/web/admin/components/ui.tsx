import { type ReactNode, useEffect, useRef, useState } from 'react';

/**
 * A date-time in the viewer's locale, or a dash.
 *
 * @example
 * ```ts
 * fmtDate('2025-03-07T12:35:00.000Z'); // '3/7/2025, 12:35:00 PM' (viewer's locale)
 * ```
 */
export function fmtDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '—' : d.toLocaleString();
}

/**
 * A status or result chip.
 *
 * @example
 * ```tsx
 * <Chip value="REVIEW" />
 * ```
 */
export function Chip(props: { value: string | null | undefined; testId?: string }) {
  const v = props.value ?? '—';
  return (
    <span className={`ad-chip ad-chip-${v.replace(/[^A-Za-z_]/g, '')}`} data-testid={props.testId}>
      {v}
    </span>
  );
}

/**
 * A score with 3 decimals, or a dash.
 *
 * @example
 * ```ts
 * fmtScore(0.82); // '0.820'
 * ```
 */
export function fmtScore(v: unknown): string {
  if (typeof v === 'number' && Number.isFinite(v)) return Number.isInteger(v) ? String(v) : v.toFixed(3);
  return v === null || v === undefined ? '—' : String(v);
}

/**
 * A modal dialog (native <dialog>, so focus and Escape behave).
 *
 * @example
 * ```tsx
 * <Modal title="Key created" onClose={close}>…</Modal>
 * ```
 */
export function Modal(props: { title: string; children: ReactNode; onClose: () => void; testId?: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    return () => d?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="ad-modal"
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
      data-testid={props.testId}
    >
      <h2>{props.title}</h2>
      {props.children}
    </dialog>
  );
}

/**
 * A read-only secret with a copy button.
 *
 * @example
 * ```tsx
 * <SecretField label="API key" value={created.key} />
 * ```
 */
export function SecretField(props: { label: string; value: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <label className="ad-field">
      <span>{props.label}</span>
      <div className="ad-secret">
        <input readOnly value={props.value} data-testid={props.testId} onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          className="ad-btn"
          onClick={() => {
            void navigator.clipboard?.writeText(props.value).then(() => setCopied(true));
          }}
        >
          {copied ? 'Copied' : 'Copy'}
        </button>
      </div>
    </label>
  );
}

/**
 * An inline error message.
 *
 * @example
 * ```tsx
 * <ErrorText error={error} />
 * ```
 */
export function ErrorText(props: { error: string | null }) {
  return props.error ? (
    <p className="ad-error" role="alert">
      {props.error}
    </p>
  ) : null;
}

/**
 * "Loading…" while `loading`.
 *
 * @example
 * ```tsx
 * <Loading loading={data === null} />
 * ```
 */
export function Loading(props: { loading: boolean }) {
  return props.loading ? <p className="ad-muted">Loading…</p> : null;
}
