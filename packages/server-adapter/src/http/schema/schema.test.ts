import { describe, expect, it } from 'vitest';
import { HttpError } from '../http-error.js';
import { s } from './schema.js';

function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(HttpError);
    expect((e as HttpError).status).toBe(400);
    return (e as HttpError).field;
  }
  throw new Error('expected a validation error');
}

describe('schema', () => {
  const body = s.object({
    name: s.string({ minLength: 1, maxLength: 5 }),
    checks: s.array(s.enum(['a', 'b'] as const), { minItems: 1 }).optional(),
    url: s.string({ format: 'uri' }).optional(),
    meta: s.jsonObject({ maxBytes: 50, maxDepth: 2 }).optional(),
    nested: s.object({ n: s.integer({ min: 1, max: 3 }) }).optional(),
  });

  it('parses valid input and drops unknown fields', () => {
    expect(body.parse({ name: 'ab', checks: ['a'], extra: 1 })).toEqual({ name: 'ab', checks: ['a'] });
  });

  it('names the field at fault, with paths into arrays and objects', () => {
    expect(fieldOf(() => body.parse({}))).toBe('name');
    expect(fieldOf(() => body.parse({ name: 7 }))).toBe('name');
    expect(fieldOf(() => body.parse({ name: 'toolong' }))).toBe('name');
    expect(fieldOf(() => body.parse({ name: 'a', checks: ['a', 'c'] }))).toBe('checks[1]');
    expect(fieldOf(() => body.parse({ name: 'a', checks: [] }))).toBe('checks');
    expect(fieldOf(() => body.parse({ name: 'a', url: 'javascript:alert(1)' }))).toBe('url');
    expect(fieldOf(() => body.parse({ name: 'a', meta: { a: { b: { c: 1 } } } }))).toBe('meta');
    expect(fieldOf(() => body.parse({ name: 'a', meta: { a: 'x'.repeat(100) } }))).toBe('meta');
    expect(fieldOf(() => body.parse({ name: 'a', nested: { n: 1.5 } }))).toBe('nested.n');
    expect(fieldOf(() => body.parse([]))).toBe('body');
    expect(fieldOf(() => body.parse({ name: 'a\u0000' }))).toBe('name');
  });

  it('coerces query strings only when asked', () => {
    const q = s.object({ page: s.integer({ min: 1 }).optional(), on: s.boolean().optional() });
    expect(q.parse({ page: '2', on: 'true' }, { coerce: true })).toEqual({ page: 2, on: true });
    expect(fieldOf(() => q.parse({ page: '2' }))).toBe('page');
    expect(fieldOf(() => q.parse({ page: '1e3' }, { coerce: true }))).toBe('page');
  });

  it('generates JSON Schema from the same definition', () => {
    const json = body.toJsonSchema() as { properties: Record<string, Record<string, unknown>>; required: string[] };
    expect(json.required).toEqual(['name']);
    expect(json.properties.name).toEqual({ type: 'string', minLength: 1, maxLength: 5 });
    expect(json.properties.checks).toMatchObject({ type: 'array', minItems: 1, items: { type: 'string', enum: ['a', 'b'] } });
    expect(json.properties.url).toMatchObject({ format: 'uri' });
    expect(s.string().nullable().toJsonSchema()).toMatchObject({ type: ['string', 'null'] });
    expect(s.object({ a: s.string() }, { strict: true }).toJsonSchema()).toMatchObject({ additionalProperties: false });
  });
});
