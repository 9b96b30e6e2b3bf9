/**
 * A plain-object view of the subset of ONNX used by the converters (see onnx/onnx.proto): a model holding
 * one graph of nodes, initializer tensors and typed inputs/outputs. {@link encodeOnnxModel} writes it,
 * {@link decodeOnnxModel} reads it back.
 */

/** ONNX `TensorProto.DataType` numbers of the element types used here. */
export const ONNX_DTYPE = { float: 1, uint8: 2, int32: 6, int64: 7 } as const;
export type OnnxDataType = keyof typeof ONNX_DTYPE;

/** A constant tensor (initializer or attribute value), stored as little-endian `raw_data`. */
export interface OnnxTensor {
  readonly name: string;
  readonly dataType: OnnxDataType;
  readonly dims: readonly number[];
  /** Float32Array for `float`, BigInt64Array for `int64`, Int32Array for `int32`, Uint8Array for `uint8`. */
  readonly data: Float32Array | BigInt64Array | Int32Array | Uint8Array;
}

/** A node attribute; the kind decides the `AttributeProto.type`. */
export type OnnxAttribute =
  | { readonly name: string; readonly kind: 'int'; readonly value: number }
  | { readonly name: string; readonly kind: 'float'; readonly value: number }
  | { readonly name: string; readonly kind: 'string'; readonly value: string }
  | { readonly name: string; readonly kind: 'ints'; readonly value: readonly number[] }
  | { readonly name: string; readonly kind: 'floats'; readonly value: readonly number[] }
  | { readonly name: string; readonly kind: 'tensor'; readonly value: OnnxTensor };

export interface OnnxNode {
  readonly opType: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly name?: string;
  readonly domain?: string;
  readonly attributes?: readonly OnnxAttribute[];
}

/** A graph input or output: element type and shape (a string is a symbolic dimension such as `N`). */
export interface OnnxValueInfo {
  readonly name: string;
  readonly elemType: OnnxDataType;
  readonly shape: readonly (number | string)[];
}

export interface OnnxGraph {
  readonly name: string;
  readonly nodes: readonly OnnxNode[];
  readonly initializers: readonly OnnxTensor[];
  readonly inputs: readonly OnnxValueInfo[];
  readonly outputs: readonly OnnxValueInfo[];
  readonly docString?: string;
}

export interface OnnxModel {
  readonly irVersion: number;
  readonly opsetImports: readonly { readonly domain: string; readonly version: number }[];
  readonly producerName?: string;
  readonly producerVersion?: string;
  readonly docString?: string;
  readonly graph: OnnxGraph;
  /** `metadata_props`, written in the order given. */
  readonly metadata?: readonly (readonly [string, string])[];
}
