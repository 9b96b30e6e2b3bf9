import { FormatRegistry, Kind, type SchemaOptions, type Static, type TSchema, Type, TypeRegistry, type TUnsafe } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/value';
import { HttpError } from '../http-error.js';

/** A JSON Schema (2020-12, as used by OpenAPI 3.1) object. TypeBox schemas are JSON Schema already. */
export type JsonSchema = Record<string, unknown>;
export type { Static, TSchema };

/**
 * True for an absolute `http:` or `https:` URL without credentials (TypeBox format `uri`).
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

const FORMATS: Record<string, [(v: string) => boolean, string]> = {
  uri: [isHttpUrl, 'must be an absolute http(s) URL'],
  'date-time': [(v) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)), 'must be an ISO 8601 date-time'],
};
for (const [name, [check]] of Object.entries(FORMATS)) FormatRegistry.Set(name, check);

interface StringEnumSchema extends TSchema {
  enum: readonly string[];
}
interface JsonObjectSchema extends TSchema {
  'x-max-bytes': number;
  'x-max-depth': number;
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

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
TypeRegistry.Set<StringEnumSchema>('StringEnum', (schema, value) => typeof value === 'string' && schema.enum.includes(value));
TypeRegistry.Set<JsonObjectSchema>(
  'JsonObject',
  (schema, value) =>
    isPlainObject(value) && depthOf(value, schema['x-max-depth']) <= schema['x-max-depth'] && Buffer.byteLength(JSON.stringify(value)) <= schema['x-max-bytes'],
);

/**
 * Schema builders TypeBox has no single type for: a string enum documented as `enum` (not `anyOf` of constants), a
 * free-form JSON object bounded in size and depth, and an error hint for a `pattern`.
 *
 * @example
 * ```ts
 * const body = Type.Object({ checks: Type.Array(StringEnum(['liveness', 'face_match'])), metadata: Type.Optional(JsonObject()) });
 * ```
 */
export function StringEnum<const V extends string>(values: readonly V[], options: SchemaOptions = {}): TUnsafe<V> {
  return Type.Unsafe<V>({ ...options, [Kind]: 'StringEnum', type: 'string', enum: [...values] });
}

/** A free-form JSON object (e.g. `metadata`), at most `maxBytes` as JSON (default 16 KiB) and `maxDepth` deep (default 8). */
export function JsonObject(opts: { maxBytes?: number; maxDepth?: number } & SchemaOptions = {}): TUnsafe<Record<string, unknown>> {
  const { maxBytes = 16 * 1024, maxDepth = 8, ...options } = opts;
  return Type.Unsafe<Record<string, unknown>>({ ...options, [Kind]: 'JsonObject', type: 'object', additionalProperties: true, 'x-max-bytes': maxBytes, 'x-max-depth': maxDepth });
}

/** A nullable schema documented as `type: [t, 'null']`-style `anyOf`. */
export const Nullable = <S extends TSchema>(schema: S) => Type.Union([schema, Type.Null()]);

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();
function checkerOf<S extends TSchema>(schema: S): TypeCheck<S> {
  let c = compiled.get(schema);
  if (!c) {
    c = TypeCompiler.Compile(schema);
    compiled.set(schema, c);
  }
  return c as TypeCheck<S>;
}

/** `/checks/1/x` -> `checks[1].x` */
function fieldOf(pointer: string): string {
  return pointer
    .split('/')
    .slice(1)
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((out, p) => (/^\d+$/.test(p) ? `${out}[${p}]` : out === '' ? p : `${out}.${p}`), '');
}

function describeType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

/** The precise wording of what `value` breaks in `schema` (the node TypeBox reported). */
function problemOf(error: ValueError): string {
  const { schema: s, value: v } = error;
  if (error.type === ValueErrorType.ObjectAdditionalProperties) return 'is not a known field';
  if (s[Kind] === 'StringEnum') return `must be one of ${(s as StringEnumSchema).enum.join(', ')}`;
  if (s[Kind] === 'JsonObject') {
    const { 'x-max-depth': depth, 'x-max-bytes': bytes } = s as JsonObjectSchema;
    if (!isPlainObject(v)) return `must be a JSON object, got ${describeType(v)}`;
    return depthOf(v, depth) > depth ? `must be nested at most ${depth} levels deep` : `must be at most ${bytes} bytes as JSON`;
  }
  if (s[Kind] === 'Union') {
    const other = (s.anyOf as TSchema[]).find((m) => m.type !== 'null');
    const first = other && v !== null ? checkerOf(other).Errors(v).First() : undefined;
    return first ? problemOf(first) : `must be ${other?.type ?? 'a value'} or null`;
  }
  switch (s.type) {
    case 'string':
      if (typeof v !== 'string') return `must be a string, got ${describeType(v)}`;
      if (s.minLength !== undefined && v.length < s.minLength) return s.minLength === 1 ? 'must not be empty' : `must be at least ${s.minLength} characters`;
      if (s.maxLength !== undefined && v.length > s.maxLength) return `must be at most ${s.maxLength} characters`;
      if (s.format && FORMATS[s.format]) return FORMATS[s.format]![1];
      return s['x-hint'] ?? `must match ${s.pattern}`;
    case 'integer':
    case 'number':
      if (typeof v !== 'number' || !Number.isFinite(v)) return `must be ${s.type === 'integer' ? 'an integer' : 'a number'}`;
      if (s.type === 'integer' && !Number.isInteger(v)) return 'must be an integer';
      return s.minimum !== undefined && v < s.minimum ? `must be >= ${s.minimum}` : `must be <= ${s.maximum}`;
    case 'boolean':
      return 'must be a boolean';
    case 'array':
      if (!Array.isArray(v)) return `must be an array, got ${describeType(v)}`;
      if (s.minItems !== undefined && v.length < s.minItems) return s.minItems === 1 ? 'must not be empty' : `must have at least ${s.minItems} items`;
      if (s.maxItems !== undefined && v.length > s.maxItems) return `must have at most ${s.maxItems} items`;
      return 'must not contain duplicates';
    case 'object':
      if (!isPlainObject(v)) return `must be a JSON object, got ${describeType(v)}`;
      return `must have at most ${s.maxProperties} keys`;
    default:
      return error.message;
  }
}

/** Turns a query string's text into numbers and booleans where the object schema's properties want them. */
function coerceQuery(schema: TSchema, value: unknown): unknown {
  if (!isPlainObject(value) || !isPlainObject(schema.properties)) return value;
  const out: Record<string, unknown> = { ...value };
  for (const [key, prop] of Object.entries(schema.properties as Record<string, TSchema>)) {
    const v = out[key];
    if (typeof v !== 'string') continue;
    if ((prop.type === 'integer' || prop.type === 'number') && /^-?\d+(\.\d+)?$/.test(v.trim())) out[key] = Number(v.trim());
    else if (prop.type === 'boolean' && (v === 'true' || v === 'false')) out[key] = v === 'true';
  }
  return out;
}

/**
 * Validates `value` against a TypeBox schema (compiled once, cached) and returns it typed, or throws the 400
 * `PROVEFY_ERR_VALIDATION` {@link HttpError} naming the field at fault and why. `coerce` turns query-string text into
 * numbers and booleans; `field` names a value that is not inside a body (a path parameter).
 *
 * @example
 * ```ts
 * const body = Type.Object({ checks: Type.Array(StringEnum(['liveness', 'age_estimation'])) });
 * validate(body, { checks: ['liveness'] }); // { checks: ['liveness'] }
 * validate(body, { checks: ['x'] }); // throws 400 "Invalid field 'checks[0]': must be one of liveness, age_estimation"
 * ```
 */
export function validate<S extends TSchema>(schema: S, value: unknown, opts: { coerce?: boolean; field?: string } = {}): Static<S> {
  const input = opts.coerce ? coerceQuery(schema, value) : value;
  const checker = checkerOf(schema);
  if (checker.Check(input)) return input as Static<S>;
  const error = checker.Errors(input).First()!;
  const path = fieldOf(error.path) || (opts.field ?? '');
  if (error.type === ValueErrorType.ObjectRequiredProperty) {
    throw new HttpError('PROVEFY_ERR_VALIDATION', `Missing required field '${path}'`, { field: path });
  }
  if (path === '') throw new HttpError('PROVEFY_ERR_VALIDATION', `Invalid request body: ${problemOf(error)}`, { field: 'body' });
  throw new HttpError('PROVEFY_ERR_VALIDATION', `Invalid field '${path}': ${problemOf(error)}`, { field: path });
}

