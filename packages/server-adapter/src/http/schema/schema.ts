import { HttpError } from '../http-error.js';

/** A JSON Schema (2020-12, as used by OpenAPI 3.1) object. */
export type JsonSchema = Record<string, unknown>;

/** Parse options: `coerce` turns query-string text into numbers and booleans. */
export interface ParseOptions {
  coerce?: boolean;
}


/**
 * Throws the 400 validation error naming the field.
 *
 * @example
 * ```ts
 * invalid('checks[0]', 'must be one of liveness, age_estimation'); // HttpError 400 "Invalid field 'checks[0]': ..."
 * ```
 */
export function invalid(path: string, problem: string): never {
  if (path === '') throw new HttpError('PROVEFY_ERR_VALIDATION', `Invalid request body: ${problem}`, { field: 'body' });
  throw new HttpError('PROVEFY_ERR_VALIDATION', `Invalid field '${path}': ${problem}`, { field: path });
}

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/**
 * A validator that also knows its JSON Schema, so the same definition validates requests and generates the OpenAPI
 * document. Build schemas with {@link s}.
 *
 * @example
 * ```ts
 * const body = s.object({ externalRef: s.string({ maxLength: 256 }).optional() });
 * body.parse({ externalRef: 'user_1' }); // { externalRef: 'user_1' }
 * body.toJsonSchema(); // { type: 'object', properties: { externalRef: { type: 'string', maxLength: 256 } } }
 * ```
 */
export abstract class Schema<T> {
  /** Type-level only: the parsed output type. */
  declare readonly _output: T;
  readonly isOptional: boolean = false;
  protected meta: { description?: string; examples?: unknown[]; deprecated?: boolean } = {};

  /** Validates `value` at `path` and returns the parsed value, or throws a 400 {@link HttpError} naming the field. */
  abstract check(value: unknown, path: string, opts: ParseOptions): T;
  protected abstract baseJsonSchema(): JsonSchema;

  /** Validates a whole value (a request body or query object). */
  parse(value: unknown, opts: ParseOptions = {}): T {
    return this.check(value, '', opts);
  }

  toJsonSchema(): JsonSchema {
    const schema = this.baseJsonSchema();
    if (this.meta.description) schema.description = this.meta.description;
    if (this.meta.examples) schema.examples = this.meta.examples;
    if (this.meta.deprecated) schema.deprecated = true;
    return schema;
  }

  describe(description: string): this {
    this.meta.description = description;
    return this;
  }

  example(...examples: unknown[]): this {
    this.meta.examples = examples;
    return this;
  }

  optional(): OptionalSchema<T> {
    return new OptionalSchema(this);
  }

  nullable(): NullableSchema<T> {
    return new NullableSchema(this);
  }

  get description(): string | undefined {
    return this.meta.description;
  }
}

export class OptionalSchema<T> extends Schema<T | undefined> {
  override readonly isOptional = true as const;
  constructor(readonly inner: Schema<T>) {
    super();
  }
  check(value: unknown, path: string, opts: ParseOptions): T | undefined {
    return value === undefined ? undefined : this.inner.check(value, path, opts);
  }
  protected baseJsonSchema(): JsonSchema {
    return this.inner.toJsonSchema();
  }
}

export class NullableSchema<T> extends Schema<T | null> {
  constructor(readonly inner: Schema<T>) {
    super();
  }
  check(value: unknown, path: string, opts: ParseOptions): T | null {
    return value === null ? null : this.inner.check(value, path, opts);
  }
  protected baseJsonSchema(): JsonSchema {
    const inner = this.inner.toJsonSchema();
    if (typeof inner.type === 'string') return { ...inner, type: [inner.type, 'null'] };
    return { anyOf: [inner, { type: 'null' }] };
  }
}

export interface StringOptions {
  minLength?: number;
  /** Default 2048: every string is bounded. */
  maxLength?: number;
  pattern?: RegExp;
  /** Human wording of `pattern` for the error message. */
  patternHint?: string;
  format?: 'uri' | 'date-time' | 'uuid' | 'email';
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATE_TIME_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export class StringSchema extends Schema<string> {
  constructor(readonly opts: StringOptions = {}) {
    super();
  }
  check(value: unknown, path: string): string {
    if (typeof value !== 'string') invalid(path, `must be a string, got ${describeType(value)}`);
    const { minLength = 0, maxLength = 2048, pattern, format } = this.opts;
    if (value.length < minLength) invalid(path, minLength === 1 ? 'must not be empty' : `must be at least ${minLength} characters`);
    if (value.length > maxLength) invalid(path, `must be at most ${maxLength} characters`);
    if (value.includes('\u0000')) invalid(path, 'must not contain NUL characters');
    if (pattern && !pattern.test(value)) invalid(path, this.opts.patternHint ?? `must match ${pattern.source}`);
    if (format === 'uri' && !isHttpUrl(value)) invalid(path, 'must be an absolute http(s) URL');
    if (format === 'uuid' && !UUID_RE.test(value)) invalid(path, 'must be a UUID');
    if (format === 'date-time' && (!DATE_TIME_RE.test(value) || Number.isNaN(Date.parse(value)))) invalid(path, 'must be an ISO 8601 date-time');
    if (format === 'email' && !/^[^\s@]+@[^\s@]+$/.test(value)) invalid(path, 'must be an e-mail address');
    return value;
  }
  protected baseJsonSchema(): JsonSchema {
    const { minLength, maxLength = 2048, pattern, format } = this.opts;
    const schema: JsonSchema = { type: 'string' };
    if (minLength) schema.minLength = minLength;
    schema.maxLength = maxLength;
    if (pattern) schema.pattern = pattern.source;
    if (format) schema.format = format;
    return schema;
  }
}

/**
 * True for an absolute `http:` or `https:` URL without credentials.
 *
 * @example
 * ```ts
 * isHttpUrl('https://yourapp.com/done'); // true
 * isHttpUrl('javascript:alert(1)'); // false
 * ```
 */
export function isHttpUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '' && url.username === '' && url.password === '';
}

export class EnumSchema<const V extends string> extends Schema<V> {
  constructor(readonly values: readonly V[]) {
    super();
  }
  check(value: unknown, path: string): V {
    if (typeof value !== 'string' || !(this.values as readonly string[]).includes(value)) {
      invalid(path, `must be one of ${this.values.join(', ')}`);
    }
    return value as V;
  }
  protected baseJsonSchema(): JsonSchema {
    return { type: 'string', enum: [...this.values] };
  }
}

export interface NumberOptions {
  min?: number;
  max?: number;
  integer?: boolean;
}

export class NumberSchema extends Schema<number> {
  constructor(readonly opts: NumberOptions = {}) {
    super();
  }
  check(value: unknown, path: string, opts: ParseOptions): number {
    let v = value;
    if (opts.coerce && typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) v = Number(v.trim());
    const kind = this.opts.integer ? 'an integer' : 'a number';
    if (typeof v !== 'number' || !Number.isFinite(v)) invalid(path, `must be ${kind}`);
    if (this.opts.integer && !Number.isInteger(v)) invalid(path, 'must be an integer');
    if (this.opts.min !== undefined && v < this.opts.min) invalid(path, `must be >= ${this.opts.min}`);
    if (this.opts.max !== undefined && v > this.opts.max) invalid(path, `must be <= ${this.opts.max}`);
    return v;
  }
  protected baseJsonSchema(): JsonSchema {
    const schema: JsonSchema = { type: this.opts.integer ? 'integer' : 'number' };
    if (this.opts.min !== undefined) schema.minimum = this.opts.min;
    if (this.opts.max !== undefined) schema.maximum = this.opts.max;
    return schema;
  }
}

export class BooleanSchema extends Schema<boolean> {
  check(value: unknown, path: string, opts: ParseOptions): boolean {
    if (opts.coerce && (value === 'true' || value === 'false')) return value === 'true';
    if (typeof value !== 'boolean') invalid(path, 'must be a boolean');
    return value;
  }
  protected baseJsonSchema(): JsonSchema {
    return { type: 'boolean' };
  }
}

export interface ArrayOptions {
  minItems?: number;
  /** Default 100: every array is bounded. */
  maxItems?: number;
  unique?: boolean;
}

export class ArraySchema<T> extends Schema<T[]> {
  constructor(
    readonly items: Schema<T>,
    readonly opts: ArrayOptions = {},
  ) {
    super();
  }
  check(value: unknown, path: string, opts: ParseOptions): T[] {
    if (!Array.isArray(value)) invalid(path, `must be an array, got ${describeType(value)}`);
    const { minItems = 0, maxItems = 100, unique } = this.opts;
    if (value.length < minItems) invalid(path, minItems === 1 ? 'must not be empty' : `must have at least ${minItems} items`);
    if (value.length > maxItems) invalid(path, `must have at most ${maxItems} items`);
    const out = value.map((item, i) => this.items.check(item, `${path}[${i}]`, opts));
    if (unique && new Set(out.map((v) => JSON.stringify(v))).size !== out.length) invalid(path, 'must not contain duplicates');
    return out;
  }
  protected baseJsonSchema(): JsonSchema {
    const { minItems, maxItems = 100, unique } = this.opts;
    const schema: JsonSchema = { type: 'array', items: this.items.toJsonSchema() };
    if (minItems) schema.minItems = minItems;
    schema.maxItems = maxItems;
    if (unique) schema.uniqueItems = true;
    return schema;
  }
}

// biome-ignore lint/suspicious/noExplicitAny: schema shapes hold schemas of any output type
export type Shape = Record<string, Schema<any>>;
/** The parsed type of a schema. */
export type Infer<S> = S extends Schema<infer T> ? T : never;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { isOptional: true } ? K : never }[keyof S];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
export type ObjectOutput<S extends Shape> = Simplify<
  { [K in Exclude<keyof S, OptionalKeys<S>>]: Infer<S[K]> } & { [K in OptionalKeys<S>]?: Exclude<Infer<S[K]>, undefined> }
>;

export interface ObjectOptions {
  /** Reject unknown properties (default: unknown properties are ignored and dropped). */
  strict?: boolean;
}

export class ObjectSchema<S extends Shape> extends Schema<ObjectOutput<S>> {
  constructor(
    readonly shape: S,
    readonly opts: ObjectOptions = {},
  ) {
    super();
  }
  check(value: unknown, path: string, opts: ParseOptions): ObjectOutput<S> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(path, `must be a JSON object, got ${describeType(value)}`);
    const input = value as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, schema] of Object.entries(this.shape)) {
      const child = path === '' ? key : `${path}.${key}`;
      const v = Object.hasOwn(input, key) ? input[key] : undefined;
      if (v === undefined && !schema.isOptional) {
        throw new HttpError('PROVEFY_ERR_VALIDATION', `Missing required field '${child}'`, { field: child });
      }
      const parsed = schema.check(v, child, opts);
      if (parsed !== undefined) out[key] = parsed;
    }
    if (this.opts.strict) {
      for (const key of Object.keys(input)) {
        if (!Object.hasOwn(this.shape, key)) invalid(path === '' ? key : `${path}.${key}`, 'is not a known field');
      }
    }
    return out as ObjectOutput<S>;
  }
  protected baseJsonSchema(): JsonSchema {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const [key, schema] of Object.entries(this.shape)) {
      properties[key] = schema.toJsonSchema();
      if (!schema.isOptional) required.push(key);
    }
    const schema: JsonSchema = { type: 'object', properties };
    if (required.length > 0) schema.required = required;
    if (this.opts.strict) schema.additionalProperties = false;
    return schema;
  }
}

export interface JsonObjectOptions {
  /** Maximum size of the serialised object in bytes (default 16 KiB). */
  maxBytes?: number;
  /** Maximum nesting depth (default 8). */
  maxDepth?: number;
}

function depthOf(v: unknown, limit: number, depth = 0): number {
  if (depth > limit || typeof v !== 'object' || v === null) return depth;
  let max = depth;
  for (const child of Object.values(v)) {
    max = Math.max(max, depthOf(child, limit, depth + 1));
    if (max > limit) break;
  }
  return max;
}

/** Free-form JSON object (e.g. `metadata`), bounded in size and depth. */
export class JsonObjectSchema extends Schema<Record<string, unknown>> {
  constructor(readonly opts: JsonObjectOptions = {}) {
    super();
  }
  check(value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(path, `must be a JSON object, got ${describeType(value)}`);
    const { maxBytes = 16 * 1024, maxDepth = 8 } = this.opts;
    if (depthOf(value, maxDepth) > maxDepth) invalid(path, `must be nested at most ${maxDepth} levels deep`);
    const size = Buffer.byteLength(JSON.stringify(value));
    if (size > maxBytes) invalid(path, `must be at most ${maxBytes} bytes as JSON`);
    return value as Record<string, unknown>;
  }
  protected baseJsonSchema(): JsonSchema {
    return { type: 'object', additionalProperties: true };
  }
}

/** A map with string keys and values of one schema. */
export class RecordSchema<T> extends Schema<Record<string, T>> {
  constructor(
    readonly values: Schema<T>,
    readonly maxKeys = 50,
  ) {
    super();
  }
  check(value: unknown, path: string, opts: ParseOptions): Record<string, T> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) invalid(path, `must be a JSON object, got ${describeType(value)}`);
    const entries = Object.entries(value);
    if (entries.length > this.maxKeys) invalid(path, `must have at most ${this.maxKeys} keys`);
    const out: Record<string, T> = {};
    for (const [k, v] of entries) out[k] = this.values.check(v, `${path}.${k}`, opts);
    return out;
  }
  protected baseJsonSchema(): JsonSchema {
    return { type: 'object', additionalProperties: this.values.toJsonSchema(), maxProperties: this.maxKeys };
  }
}

/** A schema given only by its JSON Schema (used to document responses; never validates). */
export class RawSchema<T = unknown> extends Schema<T> {
  constructor(readonly schema: JsonSchema) {
    super();
  }
  check(value: unknown): T {
    return value as T;
  }
  protected baseJsonSchema(): JsonSchema {
    return structuredClone(this.schema);
  }
}

/**
 * Schema builders.
 *
 * @example
 * ```ts
 * const query = s.object({ page: s.integer({ min: 1 }).optional() });
 * query.parse({ page: '2' }, { coerce: true }); // { page: 2 }
 * ```
 */
export const s = {
  string: (opts?: StringOptions) => new StringSchema(opts),
  enum: <const V extends string>(values: readonly V[]) => new EnumSchema<V>(values),
  number: (opts?: NumberOptions) => new NumberSchema(opts),
  integer: (opts?: Omit<NumberOptions, 'integer'>) => new NumberSchema({ ...opts, integer: true }),
  boolean: () => new BooleanSchema(),
  array: <T>(items: Schema<T>, opts?: ArrayOptions) => new ArraySchema(items, opts),
  object: <S extends Shape>(shape: S, opts?: ObjectOptions) => new ObjectSchema(shape, opts),
  jsonObject: (opts?: JsonObjectOptions) => new JsonObjectSchema(opts),
  record: <T>(values: Schema<T>, maxKeys?: number) => new RecordSchema(values, maxKeys),
  raw: <T = unknown>(schema: JsonSchema) => new RawSchema<T>(schema),
};

