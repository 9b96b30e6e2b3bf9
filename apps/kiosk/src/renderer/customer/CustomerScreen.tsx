import { LANGUAGES, type Language, pickLanguage, retryMessageKeys } from '@provefy/hosted-page/prompts';
import { type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import type { KioskView, VerificationView } from '../../shared/kiosk-view.js';
import { call } from '../bridge/kiosk-client.js';
import type { CameraState } from '../camera/use-camera.js';
import { type CustomerTranslate, customerTranslator } from '../i18n/customer-messages.js';
import { CustomerTextContext } from '../i18n/customer-text.js';
import { DocumentStep } from './DocumentStep.js';
import { LivenessStep } from './LivenessStep.js';
import { SelfieStep } from './SelfieStep.js';

const LANGUAGE_NAMES: Record<Language, string> = { en: 'English', 'pt-BR': 'Português' };

/** The screen's default language: the system's (Electron's `navigator.languages`), English otherwise. */
function defaultLanguage(): Language {
  return pickLanguage(navigator.languages?.length ? navigator.languages : [navigator.language]);
}

/**
 * What went wrong on the last try, in the customer's language: each reason of the check that failed with attempts
 * left (a missed challenge worded by its cause), or the notice alone: an image asked for again (IMAGE_UNUSABLE) or
 * the error code of an unusable capture (`PROVEFY_ERR_NO_FACE`...).
 *
 * @example
 * ```ts
 * retryLines(view.verification!, customerTranslator('en')); // ['You turned to your right, but we asked for your left. ...']
 * ```
 */
export function retryLines(v: Pick<VerificationView, 'notice' | 'retryReasons'>, t: CustomerTranslate): string[] {
  if (v.retryReasons.length) return retryMessageKeys(v.retryReasons).map((k) => t(k));
  return v.notice ? retryMessageKeys([v.notice]).map((k) => t(k)) : [];
}

/**
 * The customer's screen. It shows nothing personal: a welcome while no verification runs, a start button once the
 * operator started one, the guided captures, and a neutral "thank you" at the end (the result is for the operator).
 * The customer picks English or Portuguese (default: the system's language; back to it for the next customer).
 * When the main process wipes the verification (idle timeout, finish, cancel) the view becomes empty and every
 * step unmounts with its captured frames.
 *
 * @example
 * ```tsx
 * <CustomerScreen view={view} cam={useCamera(view.camera.selectedDeviceId)} />
 * ```
 */
export function CustomerScreen({ view, cam }: { view: KioskView; cam: CameraState }) {
  const v = view.verification;
  const attempts = useRef(new Map<string, number>());
  const [lang, setLang] = useState<Language>(defaultLanguage);
  const t = useMemo(() => customerTranslator(lang), [lang]);
  const id = v?.id ?? null;
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new customer (or none) gets the default language again
  useEffect(() => setLang(defaultLanguage()), [id]);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);

  const switcher = (
    <nav className="languages" aria-label={t('lang.switch')}>
      {LANGUAGES.map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={l === lang} data-testid={`customer-lang-${l}`} onClick={() => setLang(l)}>
          {LANGUAGE_NAMES[l]}
        </button>
      ))}
    </nav>
  );

  let body: ReactNode;
  if (!v) {
    body = (
      <main className="customer welcome" data-testid="customer-welcome">
        <h1>{t('welcome.title')}</h1>
        <p>{t('welcome.body')}</p>
      </main>
    );
  } else if (view.phase === 'ready') {
    body = (
      <main className="customer" data-testid="customer-ready">
        {switcher}
        <h1>{t('ready.title')}</h1>
        <p>{t('ready.body')}</p>
        <p className="muted">{t('ready.privacy')}</p>
        <button type="button" className="primary big" data-testid="customer-start" onClick={() => void call('customer:begin', {})}>
          {t('ready.start')}
        </button>
      </main>
    );
  } else if (view.phase === 'result') {
    body = (
      <main className="customer done" data-testid="customer-done">
        <h1>{t('done.title')}</h1>
        <p>{t('done.body')}</p>
      </main>
    );
  } else {
    const next = v.next[0] ?? null;
    const key = `${v.id}:${next}`;
    const attempt = v.results.reduce((s, c) => s + c.attempts, 0);
    attempts.current.set(key, attempt);
    const lines = retryLines(v, t);
    body = (
      <main className="customer capturing" data-testid="customer-capturing" key={v.id}>
        {switcher}
        {lines.length > 0 && (
          <div className="notice" role="alert" data-testid="customer-notice">
            <strong>{t('notice.title')}</strong>
            <ul>
              {lines.map((line) => (
                <li key={line} data-testid="customer-notice-reason">
                  {line}
                </li>
              ))}
            </ul>
          </div>
        )}
        {v.busy === 'liveness' || v.busy === 'selfie' ? (
          <p className="instruction" data-testid="customer-busy">
            {t('capture.checking')}
          </p>
        ) : next === 'liveness' ? (
          <LivenessStep key={`${key}:${attempt}`} v={v} cam={cam} attempt={attempt} />
        ) : next === 'selfie' ? (
          <SelfieStep key={`${key}:${attempt}`} cam={cam} attempt={attempt} />
        ) : next === 'document_front' || next === 'document_back' ? (
          <DocumentStep key={`${key}:${attempt}`} view={view} cam={cam} side={next === 'document_front' ? 'front' : 'back'} />
        ) : (
          <p className="instruction">{t('capture.wait')}</p>
        )}
      </main>
    );
  }
  return <CustomerTextContext.Provider value={t}>{body}</CustomerTextContext.Provider>;
}
