import { Type } from '@sinclair/typebox';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../http-error.js';
import { JsonObject, Nullable, StringEnum, validate } from './schema.js';

/** The field and the message of the 400 a value gets. */
function refusal(fn: () => unknown): { field: string | undefined; message: string } {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(HttpError);
    expect((e as HttpError).status).toBe(400);
    expect((e as HttpError).code).toBe('PROVEFY_ERR_VALIDATION');
    return { field: (e as HttpError).field, message: (e as HttpError).message };
  }
  throw new Error('expected a validation error');
}
const fieldOf = (fn: () => unknown) => refusal(fn).field;

describe('schema (TypeBox)', () => {
  const body = Type.Object({
    name: Type.String({ minLength: 1, maxLength: 5 }),
    checks: Type.Optional(Type.Array(StringEnum(['a', 'b'] as const), { minItems: 1 })),
    url: Type.Optional(Type.String({ format: 'uri' })),
    meta: Type.Optional(JsonObject({ maxBytes: 50, maxDepth: 2 })),
    nested: Type.Optional(Type.Object({ n: Type.Integer({ minimum: 1, maximum: 3 }) }, { additionalProperties: false })),
    color: Type.Optional(Nullable(Type.String({ pattern: '^#[0-9a-f]{6}$', 'x-hint': 'must be a hex colour like #1a2b3c' }))),
    tags: Type.Optional(Type.Array(Type.String(), { uniqueItems: true })),
  });

  it('accepts valid input (unknown fields of a non-strict object are ignored)', () => {
    expect(validate(body, { name: 'ab', checks: ['a'], color: null, extra: 1 })).toMatchObject({ name: 'ab', checks: ['a'], color: null });
  });

  it('names the field at fault, with paths into arrays and objects', () => {
    expect(fieldOf(() => validate(body, {}))).toBe('name');
    expect(fieldOf(() => validate(body, { name: 7 }))).toBe('name');
    expect(fieldOf(() => validate(body, { name: 'toolong' }))).toBe('name');
    expect(fieldOf(() => validate(body, { name: 'a', checks: ['a', 'c'] }))).toBe('checks[1]');
    expect(fieldOf(() => validate(body, { name: 'a', checks: [] }))).toBe('checks');
    expect(fieldOf(() => validate(body, { name: 'a', url: 'javascript:alert(1)' }))).toBe('url');
    expect(fieldOf(() => validate(body, { name: 'a', meta: { a: { b: { c: 1 } } } }))).toBe('meta');
    expect(fieldOf(() => validate(body, { name: 'a', meta: { a: 'x'.repeat(100) } }))).toBe('meta');
    expect(fieldOf(() => validate(body, { name: 'a', nested: { n: 1.5 } }))).toBe('nested.n');
    expect(fieldOf(() => validate(body, { name: 'a', nested: { n: 1, x: 1 } }))).toBe('nested.x');
    expect(fieldOf(() => validate(body, []))).toBe('body');
  });

  it('says why, in the words the API always used', () => {
    expect(refusal(() => validate(body, {})).message).toBe("Missing required field 'name'");
    expect(refusal(() => validate(body, { name: 7 })).message).toBe("Invalid field 'name': must be a string, got a number");
    expect(refusal(() => validate(body, { name: '' })).message).toBe("Invalid field 'name': must not be empty");
    expect(refusal(() => validate(body, { name: 'toolong' })).message).toBe("Invalid field 'name': must be at most 5 characters");
    expect(refusal(() => validate(body, { name: 'a', checks: ['c'] })).message).toBe("Invalid field 'checks[0]': must be one of a, b");
    expect(refusal(() => validate(body, { name: 'a', url: 'ftp://x' })).message).toBe("Invalid field 'url': must be an absolute http(s) URL");
    expect(refusal(() => validate(body, { name: 'a', meta: { a: { b: { c: 1 } } } })).message).toBe("Invalid field 'meta': must be nested at most 2 levels deep");
    expect(refusal(() => validate(body, { name: 'a', meta: { a: 'x'.repeat(100) } })).message).toBe("Invalid field 'meta': must be at most 50 bytes as JSON");
    expect(refusal(() => validate(body, { name: 'a', nested: { n: 9 } })).message).toBe("Invalid field 'nested.n': must be <= 3");
    expect(refusal(() => validate(body, { name: 'a', nested: { n: 1, x: 1 } })).message).toBe("Invalid field 'nested.x': is not a known field");
    expect(refusal(() => validate(body, { name: 'a', color: 'red' })).message).toBe("Invalid field 'color': must be a hex colour like #1a2b3c");
    expect(refusal(() => validate(body, { name: 'a', tags: ['x', 'x'] })).message).toBe("Invalid field 'tags': must not contain duplicates");
    expect(refusal(() => validate(body, 'x')).message).toBe('Invalid request body: must be a JSON object, got a string');
  });

  it('coerces query strings only when asked', () => {
    const q = Type.Object({ page: Type.Optional(Type.Integer({ minimum: 1 })), on: Type.Optional(Type.Boolean()) });
    expect(validate(q, { page: '2', on: 'true' }, { coerce: true })).toEqual({ page: 2, on: true });
    expect(fieldOf(() => validate(q, { page: '2' }))).toBe('page');
    expect(fieldOf(() => validate(q, { page: '1e3' }, { coerce: true }))).toBe('page');
  });

  it('a path parameter is named by its field', () => {
    expect(fieldOf(() => validate(Type.String({ pattern: '^[a-z]+$' }), 'A1', { field: 'id' }))).toBe('id');
  });

  it('the schema is the JSON Schema the OpenAPI document shows', () => {
    const json = JSON.parse(JSON.stringify(body)) as { properties: Record<string, Record<string, unknown>>; required: string[] };
    expect(json.required).toEqual(['name']);
    expect(json.properties.name).toEqual({ type: 'string', minLength: 1, maxLength: 5 });
    expect(json.properties.checks).toMatchObject({ type: 'array', minItems: 1, items: { type: 'string', enum: ['a', 'b'] } });
    expect(json.properties.url).toMatchObject({ format: 'uri' });
    expect(json.properties.nested).toMatchObject({ additionalProperties: false });
  });
});
