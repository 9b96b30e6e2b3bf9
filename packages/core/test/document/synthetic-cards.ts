/**
 * Renders synthetic identity cards for tests (sharp + SVG text, DejaVu/Liberation fonts, a real face photo
 * from the fixtures) and AAMVA PDF417 barcodes (bwip-js). Every value is known, so tests assert on what
 * the readers decode from pixels.
 */
import bwipjs from 'bwip-js';
import sharp, { type OverlayOptions } from 'sharp';

export interface CardText {
  readonly x: number;
  readonly y: number;
  readonly text: string;
  readonly size?: number;
  readonly bold?: boolean;
  readonly color?: string;
  readonly font?: string;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A card image (PNG bytes) with text lines and an optional photo at (x, y, w, h). */
export async function renderCard(opts: {
  width: number;
  height: number;
  background?: string;
  texts: readonly CardText[];
  photo?: { file: string; x: number; y: number; width: number; height: number };
  extra?: { input: Buffer; left: number; top: number }[];
}): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${opts.width}" height="${opts.height}">
    <rect x="0" y="0" width="${opts.width}" height="${opts.height}" rx="24" fill="${opts.background ?? '#eef3f8'}"/>
    ${opts.texts
      .map(
        (t) =>
          `<text x="${t.x}" y="${t.y}" font-family="${t.font ?? 'DejaVu Sans, Liberation Sans, sans-serif'}" font-size="${t.size ?? 26}" font-weight="${t.bold ? 'bold' : 'normal'}" fill="${t.color ?? '#111'}">${escapeXml(t.text)}</text>`,
      )
      .join('\n')}
  </svg>`;
  const layers: OverlayOptions[] = [];
  if (opts.photo) {
    const face = await sharp(opts.photo.file).resize(opts.photo.width, opts.photo.height, { fit: 'cover', position: sharp.strategy.attention }).toBuffer();
    layers.push({ input: face, left: opts.photo.x, top: opts.photo.y });
  }
  for (const e of opts.extra ?? []) layers.push(e);
  return sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).composite(layers).png().toBuffer();
}

/** An AAMVA 2016 (version 08) DL record with the given elements, in the standard's layout. */
export function aamvaRecord(elements: Record<string, string>, iin = '636014'): string {
  const body = `DL${Object.entries(elements)
    .map(([k, v]) => `${k}${v}`)
    .join('\n')}\r`;
  const header = `@\n\x1e\rANSI ${iin}080001DL00310${String(body.length).padStart(3, '0')}`;
  return header + body;
}

/** A PDF417 symbol (PNG bytes, white background and quiet zone) for `text`. */
export async function pdf417Png(text: string, scale = 2): Promise<Buffer> {
  return bwipjs.toBuffer({ bcid: 'pdf417', text, scale, columns: 8, eclevel: 4, backgroundcolor: 'FFFFFF', paddingwidth: 10, paddingheight: 10 } as never);
}

/** A Brazilian CNH front (labels above values, day-first dates). */
export function brCnhFront(face: string): Promise<Buffer> {
  return renderCard({
    width: 1000,
    height: 680,
    background: '#e3efe0',
    texts: [
      { x: 40, y: 50, text: 'REPÚBLICA FEDERATIVA DO BRASIL', size: 24, bold: true },
      { x: 40, y: 85, text: 'CARTEIRA NACIONAL DE HABILITAÇÃO', size: 24, bold: true },
      { x: 330, y: 140, text: 'NOME', size: 16 },
      { x: 330, y: 170, text: 'JOSÉ DA SILVA SANTOS', size: 26 },
      { x: 330, y: 220, text: 'DOC. IDENTIDADE / ÓRG. EMISSOR / UF', size: 16 },
      { x: 330, y: 250, text: '12345678 SSP SP', size: 24 },
      { x: 330, y: 300, text: 'CPF', size: 16 },
      { x: 330, y: 330, text: '123.456.789-09', size: 24 },
      { x: 640, y: 300, text: 'DATA NASCIMENTO', size: 16 },
      { x: 640, y: 330, text: '15/03/1985', size: 24 },
      { x: 330, y: 380, text: 'FILIAÇÃO', size: 16 },
      { x: 330, y: 410, text: 'JOÃO DA SILVA', size: 22 },
      { x: 330, y: 490, text: 'Nº REGISTRO', size: 16 },
      { x: 330, y: 520, text: '01234567890', size: 24 },
      { x: 560, y: 490, text: 'VALIDADE', size: 16 },
      { x: 560, y: 520, text: '10/05/2031', size: 24 },
      { x: 760, y: 490, text: '1ª HABILITAÇÃO', size: 16 },
      { x: 760, y: 520, text: '20/04/2005', size: 24 },
    ],
    photo: { file: face, x: 40, y: 120, width: 260, height: 330 },
  });
}

/** A UK photocard driving licence front (EU numbered fields). */
export function ukLicenceFront(face: string): Promise<Buffer> {
  return renderCard({
    width: 1000,
    height: 630,
    background: '#f3e6f0',
    texts: [
      { x: 40, y: 60, text: 'UK', size: 40, bold: true, color: '#1a3d7c' },
      { x: 330, y: 60, text: 'DRIVING LICENCE', size: 34, bold: true },
      { x: 330, y: 130, text: '1. MORGAN', size: 28 },
      { x: 330, y: 175, text: '2. SARAH MEREDITH', size: 28 },
      { x: 330, y: 220, text: '3. 11.03.1976 UNITED KINGDOM', size: 26 },
      { x: 330, y: 265, text: '4a. 19.01.2013   4c. DVLA', size: 26 },
      { x: 330, y: 310, text: '4b. 18.01.2033', size: 26 },
      { x: 330, y: 355, text: '5. MORGA753116SM9IJ 35', size: 26 },
      { x: 330, y: 400, text: '8. 122 BURNS CRESCENT, EDINBURGH, EH1 9GP', size: 22 },
      { x: 330, y: 445, text: '9. AM/A/B1/B/F/K/P/Q', size: 22 },
    ],
    photo: { file: face, x: 40, y: 110, width: 260, height: 330 },
  });
}

/** An Argentine DNI front (bilingual labels above values, worded dates). */
export function arDniFront(face: string): Promise<Buffer> {
  return renderCard({
    width: 1000,
    height: 630,
    background: '#e8eef5',
    texts: [
      { x: 40, y: 50, text: 'REPÚBLICA ARGENTINA - MERCOSUR', size: 26, bold: true },
      { x: 40, y: 85, text: 'REGISTRO NACIONAL DE LAS PERSONAS', size: 18 },
      { x: 330, y: 130, text: 'Apellido / Surname', size: 16 },
      { x: 330, y: 160, text: 'GONZALEZ', size: 26 },
      { x: 330, y: 200, text: 'Nombre / Name', size: 16 },
      { x: 330, y: 230, text: 'MARIA LAURA', size: 26 },
      { x: 330, y: 270, text: 'Sexo / Sex', size: 16 },
      { x: 330, y: 300, text: 'F', size: 26 },
      { x: 520, y: 270, text: 'Nacionalidad / Nationality', size: 16 },
      { x: 520, y: 300, text: 'ARGENTINA', size: 24 },
      { x: 330, y: 340, text: 'Fecha de nacimiento / Date of birth', size: 16 },
      { x: 330, y: 370, text: '22 JUN/ JUN 1990', size: 24 },
      { x: 330, y: 410, text: 'Fecha de emisión / Date of issue', size: 16 },
      { x: 330, y: 440, text: '10 ENE/ JAN 2016', size: 24 },
      { x: 330, y: 480, text: 'Fecha de vencimiento / Date of expiry', size: 16 },
      { x: 330, y: 510, text: '10 ENE/ JAN 2031', size: 24 },
      { x: 700, y: 480, text: 'Documento / Document', size: 16 },
      { x: 700, y: 510, text: '35.123.456', size: 26 },
    ],
    photo: { file: face, x: 40, y: 110, width: 260, height: 330 },
  });
}

/** A California driver licence front (AAMVA labels, month-first dates). */
export function usLicenceFront(face: string, overrides: { dob?: string; ln?: string; exp?: string } = {}): Promise<Buffer> {
  return renderCard({
    width: 1000,
    height: 630,
    texts: [
      { x: 40, y: 70, text: 'CALIFORNIA', size: 44, bold: true, color: '#1a3d7c' },
      { x: 360, y: 70, text: 'DRIVER LICENSE', size: 34, bold: true },
      { x: 330, y: 150, text: 'DL D1234562', size: 30 },
      { x: 330, y: 200, text: `EXP ${overrides.exp ?? '08/31/2031'}`, size: 28 },
      { x: 330, y: 260, text: `LN ${overrides.ln ?? 'SAMPLE'}`, size: 30 },
      { x: 330, y: 305, text: 'FN ALEXANDER JOSEPH', size: 30 },
      { x: 330, y: 350, text: '2570 24TH STREET', size: 24 },
      { x: 330, y: 385, text: 'ANYTOWN, CA 95818', size: 24 },
      { x: 330, y: 440, text: `DOB ${overrides.dob ?? '08/31/1977'}`, size: 28 },
      { x: 330, y: 490, text: 'SEX M   HGT 5-09   EYES BRN', size: 24 },
      { x: 330, y: 540, text: 'CLASS C   ISS 08/31/2019', size: 24 },
    ],
    photo: { file: face, x: 40, y: 120, width: 260, height: 330 },
  });
}
