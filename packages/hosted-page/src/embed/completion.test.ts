import { describe, expect, it } from 'vitest';
import type { FlowState } from '../api/flow-api.js';
import { completionAction, embeddingOrigin } from './completion.js';

const done = (over: Partial<FlowState> = {}): FlowState => ({
  sessionId: 'f4a9644f-0c9f-4aab-a879-3c2b1e0d9f11',
  status: 'COMPLETED',
  overallResult: 'APPROVED',
  expiresAt: '2025-03-07T12:30:00.000Z',
  checks: {},
  next: [],
  redirectUrl: 'https://yourapp.com/done?session_id=f4a9644f-0c9f-4aab-a879-3c2b1e0d9f11&result=APPROVED',
  completion: { type: 'provefy:complete', data: { sessionId: 'f4a9644f-0c9f-4aab-a879-3c2b1e0d9f11', status: 'COMPLETED', overallResult: 'APPROVED' } },
  ...over,
});

describe('completion', () => {
  it('posts the contract message to an allowed embedding origin only', () => {
    const a = completionAction(done(), { framed: true, embeddingOrigin: 'https://shop.example', allowedFrameOrigins: ['https://shop.example/'] });
    expect(a).toEqual({
      kind: 'post-message',
      targetOrigin: 'https://shop.example',
      message: { type: 'provefy:complete', data: { sessionId: 'f4a9644f-0c9f-4aab-a879-3c2b1e0d9f11', status: 'COMPLETED', overallResult: 'APPROVED' } },
    });
    expect(completionAction(done(), { framed: true, embeddingOrigin: 'https://evil.example', allowedFrameOrigins: ['https://shop.example'] })).toEqual({ kind: 'none' });
    expect(completionAction(done(), { framed: true, embeddingOrigin: null, allowedFrameOrigins: ['https://shop.example'] })).toEqual({ kind: 'none' });
  });

  it('redirects when not framed, and does nothing before completion', () => {
    expect(completionAction(done(), { framed: false, embeddingOrigin: null, allowedFrameOrigins: [] })).toEqual({ kind: 'redirect', url: done().redirectUrl });
    expect(completionAction(done({ redirectUrl: null }), { framed: false, embeddingOrigin: null, allowedFrameOrigins: [] })).toEqual({ kind: 'none' });
    expect(completionAction(done({ status: 'EXPIRED', overallResult: null }), { framed: false, embeddingOrigin: null, allowedFrameOrigins: [] })).toEqual({ kind: 'none' });
  });

  it('finds the embedding origin from ancestorOrigins, else the referrer', () => {
    expect(embeddingOrigin({ framed: true, ancestorOrigins: ['https://shop.example'], referrer: 'https://other.example/x' })).toBe('https://shop.example');
    expect(embeddingOrigin({ framed: true, ancestorOrigins: [], referrer: 'https://shop.example/checkout?step=2' })).toBe('https://shop.example');
    expect(embeddingOrigin({ framed: false, ancestorOrigins: ['https://shop.example'] })).toBeNull();
    expect(embeddingOrigin({ framed: true, referrer: 'javascript:alert(1)' })).toBeNull();
  });
});
