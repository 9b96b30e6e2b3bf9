/** Real images of the shared fixtures (see ../shared/fixtures/README.md) used by the capture-plan suites. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../helpers/paths.js';
import type { Upload } from './drivers.js';

const KYC = join(FIXTURES, 'kyc/faces/images');
const read = (p: string) => new Uint8Array(readFileSync(p));

/** A person's photo, another person's photo, the first person's ID card, a passport page (TD3 specimen). */
export const IMAGES = {
  selfie: read(`${KYC}/foam__photo_1.jpg`),
  otherPerson: read(`${KYC}/foam__photo_3.jpg`),
  idCard: read(`${KYC}/foam__id_card.jpg`),
  passport: read(join(FIXTURES, 'documents/images/fastmrz/td3.jpg')),
};

/** The selfie cut short: a JPEG whose header is fine and whose data ends early (the #17 corrupt upload). */
export const TRUNCATED_SELFIE = IMAGES.selfie.slice(0, Math.floor(IMAGES.selfie.length / 2));

export const up = {
  selfie: (image = IMAGES.selfie, label = 'selfie'): Upload => ({ step: 'selfie', image, label }),
  otherSelfie: (): Upload => ({ step: 'selfie', image: IMAGES.otherPerson, label: 'other person' }),
  badSelfie: (): Upload => ({ step: 'selfie', image: TRUNCATED_SELFIE, label: 'truncated selfie' }),
  idFront: (): Upload => ({ step: 'document_front', image: IMAGES.idCard, label: 'ID card front' }),
  idBack: (): Upload => ({ step: 'document_back', image: IMAGES.idCard, label: 'ID card as back' }),
  passport: (): Upload => ({ step: 'document_front', image: IMAGES.passport, label: 'passport' }),
  badDocument: (): Upload => ({ step: 'document_front', image: IMAGES.passport.slice(0, 4000), label: 'truncated passport' }),
};
