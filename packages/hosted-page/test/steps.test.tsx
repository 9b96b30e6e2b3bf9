import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { translator } from '../src/i18n/i18n.js';
import { RetryNotice } from '../src/components/RetryNotice.js';
import { retryMessageKeys } from '../src/prompts/retry-advice.js';
import { ConsentStep, consentItems } from '../src/steps/ConsentStep.js';
import { StatusView } from '../src/steps/StatusView.js';

describe('hosted page steps', () => {
  it('asks only for what the requested checks need', () => {
    expect(consentItems(['liveness'])).toEqual(['liveness']);
    expect(consentItems(['age_estimation'])).toEqual(['selfie']);
    expect(consentItems(['doc_verify'])).toEqual(['document']);
    expect(consentItems(['face_match'])).toEqual(['selfie', 'document']);
    expect(consentItems(['liveness', 'age_estimation', 'doc_verify', 'face_match'])).toEqual(['liveness', 'selfie', 'document']);
  });

  it('renders the consent screen with the brand name, and its own pages for expired and cancelled sessions', () => {
    const consent = renderToStaticMarkup(<ConsentStep t={translator('pt-BR')} name="Banco Azul" checks={['liveness', 'doc_verify']} onStart={() => undefined} />);
    expect(consent).toContain('Banco Azul pede que você confirme quem você é');
    expect(consent).toContain('Uma verificação rápida por vídeo');
    expect(consent).not.toContain('Uma selfie');
    const expired = renderToStaticMarkup(<StatusView t={translator('en')} name="Acme" kind="EXPIRED" />);
    expect(expired).toContain('data-testid="status-EXPIRED"');
    expect(expired).toContain('This link has expired');
    expect(expired).toContain('Ask Acme for a new link');
    const cancelled = renderToStaticMarkup(<StatusView t={translator('pt-BR')} name="Acme" kind="CANCELLED" continueUrl="https://acme.example/done" />);
    expect(cancelled).toContain('Esta verificação foi cancelada');
    expect(cancelled).toContain('href="https://acme.example/done"');
  });

  it('tells the person why a document was refused: expired, or a specimen rather than their own', () => {
    const failed = (code: string) => [{ check: 'doc_verify' as const, result: 'FAIL' as const, final: false, attemptsLeft: 2, reasons: [{ code, message: '' }] }];
    expect(retryMessageKeys(failed('DOCUMENT_EXPIRED')[0]!.reasons)).toEqual(['reason.DOCUMENT_EXPIRED']);
    const [key] = retryMessageKeys(failed('DOCUMENT_SPECIMEN')[0]!.reasons);
    expect(key).toBe('reason.DOCUMENT_SPECIMEN');
    expect(translator('en')(key!)).toContain('specimen');
    expect(translator('pt-BR')(key!)).toContain('espécime');
    const html = renderToStaticMarkup(<RetryNotice t={translator('en')} failed={failed('DOCUMENT_EXPIRED')} retake={[{ step: 'selfie', code: 'IMAGE_UNUSABLE' }]} />);
    expect(html).toContain('This document has expired');
    expect(html).toContain('The selfie we kept could not be used');
    expect(html).toContain('2 attempts left');
  });

  it('explains a retake alone (IMAGE_UNUSABLE) without a failed check, and says nothing when all is well', () => {
    const html = renderToStaticMarkup(<RetryNotice t={translator('pt-BR')} failed={[]} retake={[{ step: 'document_front', code: 'IMAGE_UNUSABLE' }]} />);
    expect(html).toContain('Tire de novo, por favor');
    expect(html).toContain('A foto da frente do documento não pôde ser usada');
    expect(renderToStaticMarkup(<RetryNotice t={translator('en')} failed={[]} retake={[]} />)).toBe('');
  });
});
