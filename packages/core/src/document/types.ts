import type { CheckReason, CheckResult } from '../check-result.js';
import type { Box, ImageInput, ImageLimits } from '../image/types.js';
import type { AamvaRecord } from './barcode/aamva.js';
import type { MrzCheck, MrzCorrection } from './mrz/repair.js';
import type { MrzFormat } from './mrz/formats.js';

/** The kind of identity document. */
export type DocumentType = 'PASSPORT' | 'ID_CARD' | 'DRIVERS_LICENSE' | 'RESIDENCE_PERMIT' | 'VISA' | 'UNKNOWN';

/** Sex as printed: M, F or X (unspecified); null when absent or unreadable. */
export type DocumentSex = 'M' | 'F' | 'X';

/** The person and document fields every reader fills. Dates are ISO `YYYY-MM-DD`; missing values are null. */
export interface DocumentFields {
  firstName: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
  documentNumber: string | null;
  expiryDate: string | null;
  sex: DocumentSex | null;
  /** ISO 3166-1 alpha-3 (as in the MRZ; `D` becomes `DEU`). */
  nationality: string | null;
}

/** The machine-readable zone as read, repaired and checked. */
export interface MrzData {
  readonly format: MrzFormat;
  /** The final lines (after repair). */
  readonly lines: readonly string[];
  /** True when every check digit passes and the structure (dates, sex, document code) is sound. */
  readonly valid: boolean;
  readonly checks: readonly MrzCheck[];
  readonly corrections: readonly MrzCorrection[];
  /** Document code, e.g. `P`, `I`, `ID`, `V`, `IR`. */
  readonly documentCode: string;
  /** Issuing state or organisation (3 letters, `D` becomes `DEU`). */
  readonly issuingState: string | null;
  /** Structural problems besides check digits (invalid dates, unknown sex character). */
  readonly problems: readonly string[];
  /**
   * Issuing state and nationality codes against ICAO 9303's list (null where the format has no such field).
   * Kept apart from `valid`, which is about the MRZ's own integrity: the ICAO specimen state UTO passes its
   * check digits but is no issuing country.
   */
  readonly stateCodes: { readonly issuingState: StateCodeStatus | null; readonly nationality: StateCodeStatus | null };
}

/** An MRZ state code against ICAO 9303's list: a state or organisation, the specimen state `UTO`, or a code in no list. */
export type StateCodeStatus = 'known' | 'specimen' | 'unknown';

/** A decoded PDF417 barcode (AAMVA on US and Canadian licences). */
export interface BarcodeData {
  readonly format: 'PDF417';
  /** The decoded text. */
  readonly text: string;
  /** AAMVA fields when the text is an AAMVA record, else null. */
  readonly aamva: AamvaRecord | null;
}

/** The result of {@link readDocument}. */
export interface DocumentResult {
  documentType: DocumentType;
  /** Issuing country, ISO 3166-1 alpha-3 (e.g. `USA`, `BRA`, `GBR`), or null. */
  country: string | null;
  fields: DocumentFields;
  mrz: MrzData | null;
  barcode: BarcodeData | null;
  /** 0-1: the OCR engine's confidence over the text the fields came from (MRZ lines, labelled fields). */
  ocrConfidence: number;
  /** The portrait (face) box, in the upright pixels of image `portraitImage`, or null. */
  portrait: Box | null;
  /** Index of the input image holding the portrait (an ID card's MRZ may be on the back), or null. */
  portraitImage?: number | null;
  /** Index of the input image that held the MRZ or the fields, or null. */
  sourceImage: number | null;
  result: CheckResult;
  reasons: CheckReason[];
  /** Milliseconds spent. */
  timingMs: number;
}

export interface ReadDocumentOptions {
  /** The date used to decide expiry (default: now). */
  now?: Date;
  /** Look for the portrait (face) on the document (default true). */
  portrait?: boolean;
  /** Decode PDF417 barcodes (default true; only tried on images without an MRZ). */
  barcode?: boolean;
  /**
   * Read the visual zone with English OCR and compare it with the MRZ (default false: the MRZ alone is
   * checked; documents without MRZ are always read with the visual OCR).
   */
  crossCheck?: boolean;
  /** ocrConfidence below this gives REVIEW (default 0.6). */
  minConfidence?: number;
  /** Byte and pixel limits for each image. */
  limits?: ImageLimits;
  /** A hint of the issuing country (ISO alpha-2 or alpha-3) for documents without MRZ. */
  country?: string;
  /**
   * Let ICAO specimens (MRZ state `UTO`) pass like issued documents, for development and demos (default
   * false: a specimen is `FAIL` with `DOCUMENT_SPECIMEN`).
   */
  acceptSpecimens?: boolean;
}

export type { ImageInput };
