/**
 * `provefy demo <selfie> [document]`: runs the core checks on your own images and prints what they decide.
 * With one image: face detection, age estimation and passive liveness. With a second image (an ID card,
 * passport or another photo): document reading and a face match against the first.
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { estimateAge, analyseFace, matchFaces, disposeDocumentReader, readDocument, verifyLiveness } from '@provefy/core';
import { selectProfile } from '@provefy/core/models';

const USAGE = `Usage: provefy demo <selfie-image> [document-image] [--min-age N] [--json]

Runs Provefy's checks locally on your images (no network): face detection, age estimation and passive liveness
on the selfie; with a document image also document reading (MRZ) and a face match against the selfie.
`;

const fmt = (n: number | null | undefined, d = 2) => (n === null || n === undefined ? '-' : n.toFixed(d));

/** Runs the demo. */
export async function run(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { 'min-age': { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } } });
  if (values.help || positionals.length === 0) {
    process.stdout.write(USAGE);
    return values.help ? 0 : 2;
  }
  const [selfiePath, docPath] = positionals as [string, string | undefined];
  for (const p of [selfiePath, docPath]) {
    if (p && !existsSync(p)) {
      process.stderr.write(`provefy demo: no such file: ${p}\n`);
      return 2;
    }
  }
  const minAge = values['min-age'] ? Number(values['min-age']) : 18;
  const profile = selectProfile();
  const t0 = performance.now();
  const selfie = await analyseFace(selfiePath);
  const [age, liveness] = await Promise.all([estimateAge(selfie, { minAge }), verifyLiveness([selfie])]);
  const doc = docPath ? await readDocument(docPath) : null;
  const match = docPath ? await matchFaces(selfie, docPath, { documentPortrait: doc?.portrait ?? null }) : null;
  const ms = performance.now() - t0;
  await disposeDocumentReader();
  const report = {
    profile: { name: profile.name, reason: profile.reason, detector: profile.detector, recognizer: profile.recognizer },
    selfie: { file: selfiePath, size: `${selfie.image.width}x${selfie.image.height}`, faces: selfie.faceCount, face: selfie.face?.box ?? null, quality: selfie.quality },
    ageEstimation: { result: age.result, estimatedAge: age.estimatedAge, meetsMinAge: age.meetsMinAge, uncertainty: age.uncertainty, reasons: age.reasons.map((r) => r.code) },
    liveness: { result: liveness.result, livenessScore: liveness.livenessScore, reasons: liveness.reasons.map((r) => r.code) },
    document: doc && { result: doc.result, documentType: doc.documentType, country: doc.country, mrzValid: doc.mrz?.valid ?? null, fields: doc.fields, reasons: doc.reasons.map((r) => r.code) },
    faceMatch: match && { result: match.result, similarityScore: match.similarityScore, isMatch: match.isMatch, threshold: match.threshold, reasons: match.reasons.map((r) => r.code) },
    totalMs: Math.round(ms),
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  const lines = [
    `profile        ${profile.name} (${profile.reason})`,
    `selfie         ${selfiePath}: ${report.selfie.size}, ${selfie.faceCount} face(s)${selfie.quality ? `, eyes ${fmt(selfie.quality.eyeDistance, 0)} px apart, yaw ${fmt(selfie.quality.yaw, 0)}°` : ''}`,
    `age            ${age.result}  estimated ${age.estimatedAge ?? '-'} ± ${fmt(age.uncertainty, 1)} (min ${minAge})  ${report.ageEstimation.reasons.join(', ')}`,
    `liveness       ${liveness.result}  score ${fmt(liveness.livenessScore)} (passive, one frame)  ${report.liveness.reasons.join(', ')}`,
  ];
  if (doc) lines.push(`document       ${doc.result}  ${doc.documentType} ${doc.country ?? ''} MRZ ${doc.mrz ? (doc.mrz.valid ? 'valid' : 'invalid') : 'none'}  ${report.document?.reasons.join(', ')}`);
  if (match) lines.push(`face match     ${match.result}  similarity ${fmt(match.similarityScore)} (threshold ${fmt(match.threshold)})  ${report.faceMatch?.reasons.join(', ')}`);
  lines.push(`time           ${report.totalMs} ms (includes loading the models)`);
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}
