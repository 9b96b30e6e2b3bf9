import { type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import { brandStyle } from '../brand/brand-theme.js';
import { type CheckSummary, FlowApi, type FlowConfig, FlowError, type FlowState, type UploadResult, tokenFromPath } from '../api/flow-api.js';
import { BrandHeader } from '../components/BrandHeader.js';
import { BusyPanel } from '../components/BusyPanel.js';
import { type RetakeNotice, RetryNotice } from '../components/RetryNotice.js';
import { completionAction, embeddingOrigin } from '../embed/completion.js';
import { type Language, pickLanguage, translator } from '../i18n/i18n.js';
import { ConsentStep } from '../steps/ConsentStep.js';
import { DocumentStep } from '../steps/DocumentStep.js';
import { LivenessStep } from '../steps/LivenessStep.js';
import { ResultView } from '../steps/ResultView.js';
import { SelfieStep } from '../steps/SelfieStep.js';
import { StatusView } from '../steps/StatusView.js';

type Phase =
  | { kind: 'loading' }
  | { kind: 'invalid' }
  | { kind: 'error'; detail: string | null }
  | { kind: 'consent' }
  | { kind: 'capture' }
  | { kind: 'busy'; title: string | null }
  | { kind: 'finished' }
  | { kind: 'status' };

const TERMINAL = new Set(['COMPLETED', 'EXPIRED', 'CANCELLED']);

function isFramed(): boolean {
  try {
    return window.parent !== window;
  } catch {
    return true;
  }
}

function initialLanguage(): Language {
  const fromQuery = new URLSearchParams(window.location.search).get('lang');
  if (fromQuery) return pickLanguage([fromQuery]);
  return pickLanguage(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

/**
 * The hosted verification page: loads the session's flow config by the token in the URL, then walks the user
 * through consent and the capture steps the server still needs (`state.next`: liveness, selfie, document front and
 * back), shows progress while uploads are analysed, completes the session, and shows the result with the
 * completion action (redirect, or `postMessage` when embedded).
 *
 * @example
 * ```tsx
 * createRoot(document.getElementById('root')!).render(<HostedApp />);
 * ```
 */
export function HostedApp() {
  const token = tokenFromPath(window.location.pathname);
  const api = useMemo(() => (token ? new FlowApi(token) : null), [token]);
  const [lang, setLang] = useState<Language>(initialLanguage);
  const t = useMemo(() => translator(lang), [lang]);
  const [config, setConfig] = useState<FlowConfig | null>(null);
  const [state, setState] = useState<FlowState | null>(null);
  const [phase, setPhase] = useState<Phase>(token ? { kind: 'loading' } : { kind: 'invalid' });
  const [progress, setProgress] = useState<number | null>(null);
  const [retryNotice, setRetryNotice] = useState<CheckSummary[]>([]);
  /** Images the server kept but could not use, asked for again (an upload answer's `retake`). */
  const [retake, setRetake] = useState<RetakeNotice[]>([]);
  const [stepKey, setStepKey] = useState(0);
  /** The document front was read but the reader asks for the back before recording a result. */
  const [pendingBack, setPendingBack] = useState(false);

  useEffect(() => {
    document.documentElement.lang = lang;
    document.title = t('app.title');
  }, [lang, t]);

  const fail = useCallback(
    (e: unknown, reload: () => void) => {
      if (e instanceof FlowError && e.status === 401) return setPhase({ kind: 'invalid' });
      if (e instanceof FlowError && e.status === 409) return reload();
      if (e instanceof FlowError && (e.status === 413 || e.status === 415 || e.status === 400)) {
        setRetryNotice([]);
        setRetake([]);
        setStepKey((k) => k + 1);
        setPhase({ kind: 'error', detail: e.status === 413 ? t('upload.tooLarge') : e.status === 415 ? t('upload.unsupported') : e.message });
        return;
      }
      setPhase({ kind: 'error', detail: e instanceof FlowError && e.status === 0 ? t('upload.failed') : null });
    },
    [t],
  );

  const load = useCallback(async () => {
    if (!api) return;
    setPhase({ kind: 'loading' });
    try {
      const cfg = await api.config();
      setConfig(cfg);
      setState(cfg.state);
      setPhase(TERMINAL.has(cfg.state.status) ? { kind: 'status' } : { kind: 'consent' });
    } catch (e) {
      if (e instanceof FlowError && e.status === 401) setPhase({ kind: 'invalid' });
      else setPhase({ kind: 'error', detail: null });
    }
  }, [api]);

  useEffect(() => {
    void load();
  }, [load]);

  const complete = useCallback(async () => {
    if (!api) return;
    setPendingBack(false);
    setProgress(null);
    setPhase({ kind: 'busy', title: t('processing.title') });
    try {
      const { state: s } = await api.complete();
      setState(s);
      setPhase(TERMINAL.has(s.status) ? { kind: 'finished' } : { kind: 'capture' });
    } catch (e) {
      if (e instanceof FlowError && e.status === 409 && e.code === 'PROVEFY_ERR_CHECKS_PENDING') {
        // Completion recorded what it could (e.g. a front-only document read that failed with attempts left): capture again.
        try {
          const cfg = await api.config();
          setState(cfg.state);
          setRetake([]);
          setRetryNotice(Object.values(cfg.state.checks).filter((c): c is CheckSummary => !!c && c.result === 'FAIL' && !c.final));
          setStepKey((k) => k + 1);
          setPhase(TERMINAL.has(cfg.state.status) ? { kind: 'finished' } : cfg.state.next.length > 0 ? { kind: 'capture' } : { kind: 'error', detail: null });
          return;
        } catch (e2) {
          return fail(e2, () => void load());
        }
      }
      fail(e, () => void load());
    }
  }, [api, t, fail, load]);

  const advance = useCallback(
    (s: FlowState) => {
      setState(s);
      if (TERMINAL.has(s.status)) return setPhase({ kind: 'finished' });
      if (s.next.length === 0) return void complete();
      setStepKey((k) => k + 1);
      setPhase({ kind: 'capture' });
    },
    [complete],
  );

  const upload = useCallback(
    async (send: (onProgress: (p: number | null) => void) => Promise<UploadResult>) => {
      setProgress(0);
      setRetryNotice([]);
      setRetake([]);
      setPhase({ kind: 'busy', title: null });
      try {
        const res = await send(setProgress);
        setRetryNotice(res.results.filter((r) => r.result === 'FAIL' && !r.final));
        setRetake(res.retake ?? []);
        setPendingBack(res.needsBack === true);
        if (res.needsBack === true && !TERMINAL.has(res.state.status)) {
          setState(res.state);
          setStepKey((k) => k + 1);
          setPhase({ kind: 'capture' });
          return;
        }
        advance(res.state);
      } catch (e) {
        fail(e, () => void load());
      }
    },
    [advance, fail, load],
  );

  const start = useCallback(async () => {
    if (!api) return;
    try {
      const { state: s } = await api.start();
      advance(s);
    } catch (e) {
      fail(e, () => void load());
    }
  }, [api, advance, fail, load]);

  const name = config?.branding.name ?? 'Provefy';
  const framed = useMemo(isFramed, []);
  const step = pendingBack ? 'document_back' : state?.next[0];
  const maxBytes = config?.limits.maxImageBytes ?? 8 * 1024 * 1024;

  let body: ReactNode;
  switch (phase.kind) {
    case 'loading':
      body = (
        <section className="pv-card pv-center" aria-busy="true">
          <div className="pv-spinner" aria-hidden="true" />
          <p>{t('app.loading')}</p>
        </section>
      );
      break;
    case 'invalid':
      body = <StatusView t={t} name={name} kind="invalid" />;
      break;
    case 'error':
      body = <StatusView t={t} name={name} kind="error" detail={phase.detail} onRetry={() => void load()} />;
      break;
    case 'status':
      body = state && (
        <StatusView t={t} name={name} kind={state.status as 'EXPIRED' | 'CANCELLED' | 'COMPLETED'} continueUrl={framed ? null : state.redirectUrl} />
      );
      break;
    case 'consent':
      body = config && <ConsentStep t={t} name={name} checks={config.requestedChecks} onStart={() => void start()} />;
      break;
    case 'busy':
      body = <BusyPanel t={t} progress={progress} state={state} title={phase.title ?? undefined} />;
      break;
    case 'finished':
      body = state && config && (
        <ResultView
          t={t}
          name={name}
          state={state}
          action={completionAction(state, {
            framed,
            embeddingOrigin: embeddingOrigin({ framed, ancestorOrigins: window.location.ancestorOrigins ?? null, referrer: document.referrer }),
            allowedFrameOrigins: config.allowedFrameOrigins,
          })}
        />
      );
      break;
    case 'capture':
      if (!api || !config || !state) break;
      body = (
        <>
          <RetryNotice t={t} failed={retryNotice} retake={retake} />
          {step === 'liveness' && (
            <LivenessStep
              key={stepKey}
              t={t}
              api={api}
              challenges={config.challenges}
              maxFrames={config.limits.maxFrames}
              onCaptured={(capture) => void upload((p) => api.uploadLiveness(capture, p))}
              onAttemptError={(e) => fail(e, () => void load())}
            />
          )}
          {step === 'selfie' && <SelfieStep key={stepKey} t={t} api={api} maxBytes={maxBytes} onImage={(img) => void upload((p) => api.uploadSelfie(img, p))} />}
          {(step === 'document_front' || step === 'document_back') && (
            <DocumentStep
              key={`${stepKey}-${step}`}
              t={t}
              side={step === 'document_front' ? 'front' : 'back'}
              maxBytes={maxBytes}
              onImage={(img) => void upload((p) => api.uploadDocument(step === 'document_front' ? 'front' : 'back', img, p))}
              {...(step === 'document_back' ? { onNoBack: () => void complete() } : {})}
            />
          )}
        </>
      );
      break;
  }

  return (
    <div className="pv-app" style={brandStyle(config?.branding)} data-lang={lang}>
      <BrandHeader branding={config?.branding ?? null} lang={lang} onLang={setLang} t={t} />
      <main className="pv-main">{body}</main>
      <footer className="pv-footer">
        <span>{t('app.poweredBy')}</span>
      </footer>
    </div>
  );
}

