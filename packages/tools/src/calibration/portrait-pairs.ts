import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** A selfie against an identity-document image; `same` when the document's portrait is the selfie's person. */
export interface PortraitPair {
  readonly selfie: string;
  readonly document: string;
  readonly same: boolean;
}

/**
 * Selfie-versus-document pairs built from the fixtures (`fixtures` is the folder holding `kyc/`, `documents/`
 * and `faces/`): the KYC set's own pairs (a selfie against the card its person holds, or another person's
 * selfie against that card), plus every document of `documents/` against every selfie: one KYC selfie per
 * person and the first photo of each person of `faces/` (none of them is a document holder there).
 *
 * @example
 * ```ts
 * const pairs = portraitPairs('../shared/fixtures'); // 2 genuine, about 550 impostor pairs
 * ```
 */
export function portraitPairs(fixtures: string): PortraitPair[] {
  const kycDir = join(fixtures, 'kyc/faces');
  const kyc = (JSON.parse(readFileSync(join(kycDir, 'pairs.json'), 'utf8')) as { pairs: { a: string; b: string; same: boolean }[] }).pairs;
  const out: PortraitPair[] = kyc.map((p) => ({ selfie: join(kycDir, p.a), document: join(kycDir, p.b), same: p.same }));
  const selfies = [...new Set(kyc.map((p) => join(kycDir, p.a)))];
  const identities = JSON.parse(readFileSync(join(fixtures, 'faces/identities.json'), 'utf8')) as Record<string, string>;
  const firstOfPerson = new Map<string, string>();
  for (const [file, who] of Object.entries(identities)) if (!firstOfPerson.has(who)) firstOfPerson.set(who, join(fixtures, 'faces', file));
  selfies.push(...firstOfPerson.values());
  const docsDir = join(fixtures, 'documents');
  const docs = (JSON.parse(readFileSync(join(docsDir, 'labels.json'), 'utf8')) as { items: { file: string }[] }).items.map((d) => join(docsDir, d.file));
  for (const d of docs) for (const s of selfies) out.push({ selfie: s, document: d, same: false });
  return out.filter((p) => existsSync(p.selfie) && existsSync(p.document));
}
