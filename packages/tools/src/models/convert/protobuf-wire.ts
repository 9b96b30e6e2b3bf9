/**
 * The protobuf wire format, just enough to write and read ONNX files: varints, length-delimited
 * fields (strings, bytes, sub-messages) and fixed32 floats. No schema, no dependencies.
 * See https://protobuf.dev/programming-guides/encoding/.
 */

/** Wire types used by ONNX messages. */
export const WIRE = { VARINT: 0, FIXED64: 1, LEN: 2, FIXED32: 5 } as const;

const utf8 = new TextEncoder();

/**
 * Appends protobuf fields to a growing list of chunks; {@link ProtoWriter.finish} concatenates them.
 * Fields are written in the order of the calls, so the same calls give the same bytes.
 *
 * @example
 * ```ts
 * const w = new ProtoWriter();
 * w.string(1, 'input').int64(2, 3);
 * const bytes = w.finish(); // Uint8Array [0x0a, 5, ...'input', 0x10, 3]
 * ```
 */
export class ProtoWriter {
  private readonly chunks: Uint8Array[] = [];
  private length = 0;

  private push(b: Uint8Array): void {
    this.chunks.push(b);
    this.length += b.length;
  }

  private tag(field: number, wire: number): void {
    this.push(encodeVarint(field * 8 + wire));
  }

  /** A varint field (int32, int64, enum, bool); negative values take ten bytes (two's complement). */
  int64(field: number, value: number | bigint): this {
    this.tag(field, WIRE.VARINT);
    this.push(encodeVarint(value));
    return this;
  }

  /** A 32-bit float field (fixed32, little-endian). */
  float(field: number, value: number): this {
    this.tag(field, WIRE.FIXED32);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, value, true);
    this.push(b);
    return this;
  }

  /** A length-delimited field holding raw bytes (bytes, packed arrays, sub-messages). */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE.LEN);
    this.push(encodeVarint(value.length));
    this.push(value);
    return this;
  }

  /** A UTF-8 string field. */
  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  /** An embedded message written by `build` into a fresh writer. */
  message(field: number, build: (w: ProtoWriter) => void): this {
    const sub = new ProtoWriter();
    build(sub);
    return this.bytes(field, sub.finish());
  }

  /** The bytes written so far. */
  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let at = 0;
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.length;
    }
    return out;
  }
}

/**
 * Encodes an unsigned or signed integer as a base-128 varint (negative numbers as 64-bit two's complement).
 *
 * @example
 * ```ts
 * encodeVarint(300); // Uint8Array [0xac, 0x02]
 * ```
 */
export function encodeVarint(value: number | bigint): Uint8Array {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 && value < 2 ** 31) {
    const out: number[] = [];
    let v = value;
    while (v >= 0x80) {
      out.push((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.push(v);
    return Uint8Array.from(out);
  }
  if (typeof value === 'number' && !Number.isSafeInteger(value)) throw new RangeError(`not an integer: ${value}`);
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Uint8Array.from(out);
}

/** One decoded field: varints as bigint, fixed32/fixed64 and length-delimited fields as their bytes. */
export interface ProtoField {
  readonly field: number;
  readonly wire: number;
  readonly value: bigint | Uint8Array;
}

/**
 * Splits a protobuf message into its fields (no schema; nested messages stay bytes until decoded again).
 * Throws a RangeError on truncated or malformed input.
 *
 * @example
 * ```ts
 * for (const f of readFields(bytes)) if (f.field === 7) console.log('graph of', (f.value as Uint8Array).length, 'bytes');
 * ```
 */
export function readFields(buf: Uint8Array): ProtoField[] {
  const out: ProtoField[] = [];
  let at = 0;
  const varint = (): bigint => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (at >= buf.length) throw new RangeError('truncated varint');
      const b = buf[at++]!;
      result |= BigInt(b & 0x7f) << shift;
      if (b < 0x80) return result;
      shift += 7n;
      if (shift > 63n) throw new RangeError('varint too long');
    }
  };
  const take = (n: number): Uint8Array => {
    if (at + n > buf.length) throw new RangeError('truncated field');
    const v = buf.subarray(at, at + n);
    at += n;
    return v;
  };
  while (at < buf.length) {
    const key = Number(varint());
    const field = key >>> 3;
    const wire = key & 7;
    if (field === 0) throw new RangeError('field number 0');
    if (wire === WIRE.VARINT) out.push({ field, wire, value: varint() });
    else if (wire === WIRE.FIXED64) out.push({ field, wire, value: take(8) });
    else if (wire === WIRE.LEN) out.push({ field, wire, value: take(Number(varint())) });
    else if (wire === WIRE.FIXED32) out.push({ field, wire, value: take(4) });
    else throw new RangeError(`unsupported wire type ${wire}`);
  }
  return out;
}
