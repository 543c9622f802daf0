import fc from 'fast-check';
import { extremeNumber, hostileJson, hostileString } from './arbitraries.js';

/** Values shaped by a route's JSON schema (as the OpenAPI document gives it), and then bent out of it. */

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  format?: string;
}

/**
 * A value for a JSON schema as the OpenAPI document gives it: usually of the right shape with hostile content and
 * values at and past the bounds, sometimes bent (a wrong type, a missing required field, an extra field).
 */
export function fromSchema(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (schema === undefined || depth > 6) return hostileJson(2);
  const bent = fc.oneof(hostileJson(2), fc.constant(undefined));
  return fc.oneof({ weight: 9, arbitrary: shaped(schema, depth) }, { weight: 1, arbitrary: bent });
}

function shaped(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices !== undefined && choices.length > 0) return fc.oneof(...choices.map((s) => fromSchema(s, depth + 1)));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum !== undefined && schema.enum.length > 0) {
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...schema.enum) },
      { weight: 1, arbitrary: hostileString(12) },
    );
  }
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return stringFor(schema);
    case 'integer':
    case 'number': {
      const min = schema.minimum ?? -1e6;
      const max = schema.maximum ?? 1e6;
      return fc.oneof(
        fc.integer({ min: Math.ceil(Math.max(min, -1e9)), max: Math.floor(Math.min(max, 1e9)) }),
        fc.constantFrom(min - 1, max + 1, min, max),
        extremeNumber,
      );
    }
    case 'boolean':
      return fc.oneof({ weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom('true', 0, 1) });
    case 'null':
      return fc.constant(null);
    case 'array': {
      const maxItems = Math.min(schema.maxItems ?? 8, 8);
      const withinLimit = fc.array(fromSchema(schema.items, depth + 1), {
        minLength: Math.min(schema.minItems ?? 0, maxItems),
        maxLength: maxItems,
      });
      // One item too many, where that stays small enough to send (a filter that never passes would spin forever).
      if ((schema.maxItems ?? 1000) >= 600) return withinLimit;
      return fc.oneof(
        { weight: 8, arbitrary: withinLimit },
        {
          weight: 1,
          arbitrary: fc.array(fromSchema(schema.items, depth + 1), {
            minLength: (schema.maxItems ?? 8) + 1,
            maxLength: (schema.maxItems ?? 8) + 3,
          }),
        },
      );
    }
    case 'object':
    default:
      return objectFor(schema, depth);
  }
}

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  const max = schema.maxLength ?? 200;
  const formatted =
    schema.format === 'date-time'
      ? fc.oneof(
          fc.date({ min: new Date(-1e14), max: new Date(1e14), noInvalidDate: true }).map((d) => d.toISOString()),
          fc.constantFrom(
            '2026-13-45T99:99:99Z',
            '9999-12-31T23:59:59Z',
            '0000-01-01T00:00:00Z',
            '+275760-09-13T00:00:00.000Z',
          ),
        )
      : undefined;
  const plain = [
    { weight: 6, arbitrary: hostileString(Math.min(max, 120)) },
    { weight: 1, arbitrary: fc.constantFrom('x'.repeat(Math.min(max, 70_000)), 'x'.repeat(Math.min(max + 1, 70_000))) },
  ];
  return formatted === undefined ? fc.oneof(...plain) : fc.oneof({ weight: 3, arbitrary: formatted }, ...plain);
}

function objectFor(schema: JsonSchema, depth: number): fc.Arbitrary<unknown> {
  const properties = Object.entries(schema.properties ?? {});
  if (properties.length === 0) return fc.dictionary(hostileString(12), hostileJson(2), { maxKeys: 4 });
  const required = [...new Set(schema.required ?? [])];
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of properties) record[name] = fromSchema(property, depth + 1);
  return fc
    .tuple(
      fc.record(record, { requiredKeys: required }),
      required.length === 0 ? fc.constant(null) : fc.option(fc.constantFrom(...required), { freq: 8 }),
      fc.option(fc.tuple(hostileString(12), hostileJson(1)), { freq: 8 }),
    )
    .map(([value, dropped, extra]) => {
      const object: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        if (item !== undefined && key !== dropped) object[key] = item;
      }
      if (extra !== null) object[extra[0]] = extra[1];
      return object;
    });
}
