type NumericKeyword = 'minimum' | 'maximum' | 'minLength' | 'maxLength' | 'default';

/**
 * A numeric keyword the contract's schema declares (a length, a range, a default), read at run time because
 * TypeBox's static types leave options out. Forms take their limits from here so they cannot drift from the server.
 */
export function schemaNumber(schema: object, keyword: NumericKeyword): number {
  const value = (schema as Record<string, unknown>)[keyword];
  if (typeof value !== 'number') throw new Error(`The contract schema declares no numeric "${keyword}"`);
  return value;
}

export function schemaPattern(schema: object): RegExp {
  const value = (schema as Record<string, unknown>).pattern;
  if (typeof value !== 'string') throw new Error('The contract schema declares no pattern');
  return new RegExp(value);
}
