/**
 * Genuine selfie-versus-document pairs the fixtures do not have: a photo of a person printed as the portrait of
 * a plain ID card the way a card photo degrades it (small, washed out, colour-cast, the card photographed at
 * an angle and JPEG-compressed), against another photo of the same person; impostors are the same cards
 * against every other person's selfie.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cropResize, encodeJpeg, loadImage, type RgbImage, warpAffineInverse } from '@provefy/core';

/** A selfie (a fixture path) against a printed card (built on demand). */
export interface PrintedPortraitPair {
  readonly selfie: string;
  /** The photo printed on the card (a fixture path); the card is `printedCard(cardPhoto)`. */
  readonly cardPhoto: string;
  readonly same: boolean;
}

/**
 * Pairs over `faces/` of the fixtures: for every person with two or more photos, the first photo is the selfie
 * and the second is printed on a card (genuine); every selfie against every other person's card (impostor).
 *
 * @example
 * ```ts
 * const pairs = printedPortraitPairs('../shared/fixtures'); // 15 genuine, 210 impostor
 * ```
 */
export function printedPortraitPairs(fixtures: string): PrintedPortraitPair[] {
  const identities = JSON.parse(readFileSync(join(fixtures, 'faces/identities.json'), 'utf8')) as Record<string, string>;
  const byPerson = new Map<string, string[]>();
  for (const [file, who] of Object.entries(identities)) byPerson.set(who, [...(byPerson.get(who) ?? []), join(fixtures, 'faces', file)]);
  const people = [...byPerson.entries()].filter(([, files]) => files.length >= 2).sort(([a], [b]) => a.localeCompare(b));
  const out: PrintedPortraitPair[] = [];
  for (const [who, files] of people) {
    for (const [other, otherFiles] of people) out.push({ selfie: files[0]!, cardPhoto: otherFiles[1]!, same: who === other });
  }
  return out;
}

/**
 * A plain ID card (640x404, pale background, text bars) with `photo` printed as a 150x188 portrait, washed out
 * and colour-cast like a printed photo, photographed at a 4 degree tilt on a grey table and saved as JPEG
 * quality 60: the degradations the document path must cope with. Deterministic.
 *
 * @example
 * ```ts
 * const card = await printedCard('../shared/fixtures/faces/images/faceapi/amy/amy2.png');
 * ```
 */
export async function printedCard(photo: string): Promise<RgbImage> {
  const src = await loadImage(photo);
  // The portrait: the photo's centre at the card photo's 4:5 aspect.
  const pw = 150;
  const ph = 188;
  const aspect = pw / ph;
  const w = Math.min(src.width, src.height * aspect);
  const h = w / aspect;
  const portrait = cropResize(src, { x: (src.width - w) / 2, y: (src.height - h) / 2, width: w, height: h }, pw, ph);
  const cw = 640;
  const ch = 404;
  const card = new Uint8Array(cw * ch * 3);
  for (let y = 0; y < ch; y++) {
    for (let x = 0; x < cw; x++) {
      const i = (y * cw + x) * 3;
      const bar = x > 230 && x < 600 && y > 90 && (y - 90) % 40 < 14 && y < 330;
      card[i] = bar ? 70 : 228;
      card[i + 1] = bar ? 70 : 222;
      card[i + 2] = bar ? 90 : 205;
    }
  }
  const [px, py] = [40, 100];
  for (let y = 0; y < ph; y++) {
    for (let x = 0; x < pw; x++) {
      const s = (y * pw + x) * 3;
      const d = ((py + y) * cw + px + x) * 3;
      // Printed: lower contrast, lifted blacks, a warm cast.
      card[d] = Math.min(255, 0.72 * portrait.data[s]! + 58);
      card[d + 1] = Math.min(255, 0.68 * portrait.data[s + 1]! + 52);
      card[d + 2] = Math.min(255, 0.58 * portrait.data[s + 2]! + 44);
    }
  }
  const cardImg: RgbImage = { data: card, width: cw, height: ch, channels: 3 };
  // Photographed: rotated 4 degrees about the centre of an 800x560 frame, grey table around it.
  const [fw, fh] = [800, 560];
  const a = (4 * Math.PI) / 180;
  const [c, s] = [Math.cos(a), Math.sin(a)];
  // output (u, v) -> card (x, y): rotate about the frame centre, then shift onto the card's centre
  const m = [c, s, cw / 2 - c * (fw / 2) - s * (fh / 2), -s, c, ch / 2 + s * (fw / 2) - c * (fh / 2)];
  const shot = warpAffineInverse(cardImg, m, fw, fh, 110);
  return loadImage(await encodeJpeg(shot, 60));
}
