// Calls each of the four checks once on fixture images through the BUILT package, prints one JSON line and
// returns without calling process.exit() or dispose(): the process must end by itself (exits-when-done.test.ts).
//   node four-checks.mjs <fixtures dir>
import { join } from 'node:path';
import { estimateAge, matchFaces, readDocument, verifyLiveness } from '@provefy/core';

const fixtures = process.argv[2];
const started = Date.now();
const liveness = await verifyLiveness(join(fixtures, 'liveness/images/minivision/image_F1.jpg'));
const age = await estimateAge(join(fixtures, 'ages/images/10_0_3_20161220215952636.jpg.chip.jpg'));
const doc = await readDocument(join(fixtures, 'documents/images/fastmrz/td3.jpg'));
const match = await matchFaces(join(fixtures, 'faces/images/faceapi/amy/amy1.png'), join(fixtures, 'faces/images/faceapi/amy/amy2.png'));
process.stdout.write(
  `${JSON.stringify({ done: Date.now(), workMs: Date.now() - started, liveness: liveness.result, age: age.result, document: doc.result, match: match.result })}\n`,
);
