import type { BrandingInput } from '@provefy/hosted-page/preview';

export type CheckName = 'liveness' | 'age_estimation' | 'doc_verify' | 'face_match';
export const CHECKS: CheckName[] = ['liveness', 'age_estimation', 'doc_verify', 'face_match'];
export const CHECK_LABELS: Record<CheckName, string> = {
  liveness: 'Liveness',
  age_estimation: 'Age estimation',
  doc_verify: 'Document',
  face_match: 'Face match',
};

export interface ApiKey {
  id: string;
  name: string;
  mode: 'live' | 'test';
  prefix: string;
  enabledChecks: CheckName[];
  thresholds: { liveness: number; minAge: number; faceMatch: Record<string, number> };
  rateLimitPerMinute: number;
  branding: BrandingInput;
  webhookUrl: string | null;
  hasWebhookSecret: boolean;
  allowedRedirectOrigins: string[];
  allowedFrameOrigins: string[];
  allowPrivateCallbacks: boolean;
  allowVirtualCameras: boolean;
  createdAt: string;
  updatedAt: string;
  revokedAt: string | null;
}

export interface SessionSummary {
  id: string;
  apiKeyId: string;
  keyName: string | null;
  externalRef: string | null;
  status: string;
  overallResult: string | null;
  reviewed: { decision: string; reviewer: string; at: string } | null;
  checks: Record<string, string | null>;
  createdAt: string;
  completedAt: string | null;
  expiresAt: string;
  redactedAt: string | null;
  reasons?: { check: string; code: string; message: string }[];
}

export interface Reason {
  code: string;
  message: string;
  details?: unknown;
}

export interface CheckStateJson {
  name: CheckName;
  status: string;
  result: string | null;
  final: boolean;
  attempts: number;
  reasons: Reason[];
  values: Record<string, unknown>;
  reported: (Record<string, unknown> & { at: string; attempt: number; result: string; reasons: Reason[] }) | null;
  startedAt: string | null;
  completedAt: string | null;
}

export interface SessionJson {
  id: string;
  externalRef: string | null;
  requestedChecks: CheckName[];
  config: Record<string, number>;
  status: string;
  overallResult: string | null;
  checks: Partial<Record<CheckName, CheckStateJson>>;
  metadata: Record<string, unknown>;
  redirectUrl: string | null;
  callbackUrl: string | null;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  completedAt: string | null;
  review: { decision: string; reviewer: string; reason: string | null; at: string } | null;
  log: { at: string; actor: string; type: string; data: Record<string, unknown> }[];
}

export interface SessionDetail {
  summary: SessionSummary;
  key: { id: string; name: string; prefix: string; mode: string } | null;
  session: SessionJson | null;
  contract: Record<string, unknown> | null;
  images: { id: string; kind: string; contentType: string; size: number; createdAt: string; retainUntil: string }[];
  webhooks: { id: string; type: string; status: string; attempts: number; createdAt: string; deliveredAt: string | null; lastError: string | null }[];
  audit: AuditEntry[];
}

export interface AuditEntry {
  id: string;
  at: string;
  action: string;
  apiKeyId: string | null;
  sessionId: string | null;
  actor: string | null;
  details: Record<string, unknown>;
}

export interface WebhookEventRow {
  id: string;
  apiKeyId: string;
  sessionId: string | null;
  type: string;
  url: string;
  status: 'pending' | 'delivered' | 'dead';
  attempts: number;
  createdAt: string;
  nextAttemptAt: string | null;
  deliveredAt: string | null;
  lastError: string | null;
}

export interface WebhookAttempt {
  id: string;
  attempt: number;
  startedAt: string;
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  success: boolean;
}

export interface Overview {
  sessions: Record<string, number>;
  review: number;
  webhooks: Record<string, number>;
  models?: { profile: string | null; recognizer: string | null };
}
