import fc from 'fast-check';

/**
 * Generators of hostile input: text that breaks naive code (controls, NUL, unpaired surrogates, separators, quotes,
 * placeholders, very long runs), JSON with extreme numbers and deep nesting, URLs with broken escapes, odd headers and
 * cookies. Values shaped by a route's schema are in `schema-values.ts`.
 */

const special = fc.constantFrom(
  '\u0000',
  '\u0001',
  '\u001f',
  '\u007f',
  '\u0085',
  '\u009f',
  '\u2028',
  '\u2029',
  '\ufeff',
  '\ufffd',
  '\ud800',
  '\udfff',
  '\u202e',
  '\u200d',
  '\t',
  '\r',
  '\n',
  '"',
  "'",
  '\\',
  '`',
  '$',
  '%',
  '#',
  '&',
  ';',
  '<',
  '>',
  '/',
  '..',
  '${HOME}',
  '$$',
  '@{store:key}',
  '&{agent_id}',
  '::{NAME}',
  '"""',
  "'''",
  '\n[agent]\n',
  '–',
  'é',
  'e\u0301',
  '日本語',
  'مرحبا',
  'שלום',
  '🙂',
  '👩‍👩‍👧',
  '🇪🇺',
  'Ǆ',
  'ß',
  'İ',
);

/** One "character" of hostile text: mostly plain, often special, sometimes any code unit at all. */
const unit = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 4 }) },
  { weight: 4, arbitrary: special },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 2 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code)) },
);

/** Text a person, a script or an attacker might send, up to `maxLength` code units (plus rare very long runs). */
export const hostileString = (maxLength = 64): fc.Arbitrary<string> =>
  fc.oneof(
    {
      weight: 12,
      arbitrary: fc
        .array(unit, { maxLength: Math.max(1, Math.ceil(maxLength / 2)) })
        .map((parts) => parts.join('').slice(0, maxLength)),
    },
    { weight: 1, arbitrary: fc.constantFrom('', ' ', '  x  ', 'null', 'undefined', '0', '-1', 'true') },
    { weight: 1, arbitrary: fc.tuple(special, fc.integer({ min: 100, max: 70_000 })).map(([s, n]) => s.repeat(n)) },
  );

/** A name that mostly looks like one, often with something hostile in it. */
export const hostileName = fc.oneof(
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }) },
  { weight: 3, arbitrary: hostileString(80) },
);

export const extremeNumber = fc.oneof(
  fc.integer(),
  fc.constantFrom(0, -0, 1, -1, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), 2 ** 64, 1e308, -1e308, 5e-324, 9e12, 1.5),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

/** Any JSON value, nested up to `depth`, with hostile strings and extreme numbers. */
export const hostileJson = (depth = 4): fc.Arbitrary<unknown> =>
  fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small', maxDepth: depth },
      hostileString(40),
      extremeNumber,
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('value'), { maxLength: 5 }),
      fc.dictionary(hostileString(12), tie('value'), { maxKeys: 5 }),
    ),
  })).value;

/** An object nested `levels` deep: `{"a":{"a":…}}` or `[[[…]]]` (shallow enough for JSON.stringify). */
export const deepNesting = fc
  .tuple(fc.integer({ min: 9, max: 400 }), fc.boolean())
  .map(([levels, arrays]) => JSON.parse(deepJson(levels, arrays)) as unknown);

/** The JSON text of a value nested up to 100,000 levels deep: parsers and printers that recurse meet their end. */
export const deepJsonText = fc
  .tuple(fc.integer({ min: 1000, max: 100_000 }), fc.boolean())
  .map(([levels, arrays]) => deepJson(levels, arrays));

function deepJson(levels: number, arrays: boolean): string {
  return arrays ? `${'['.repeat(levels)}${']'.repeat(levels)}` : `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;
}

/** A path segment as a client might write it: an id, a name, or broken percent-encoding and dot segments. */
export const hostileSegment = fc.oneof(
  fc.uuid(),
  fc.stringMatching(/^[a-z0-9-]{1,20}$/),
  fc.constantFrom(
    '%',
    '%ZZ',
    '%00',
    '%C0%AF',
    '%ED%A0%80',
    '%E2%80%A8',
    '..',
    '.',
    '%2e%2e',
    '%2F',
    'a%2Fb',
    '%25',
    '~',
    'bulk',
    'null',
    '0',
  ),
  hostileString(20).map((text) => encodeURIComponent(text.toWellFormed())),
);

/** A query string: pairs with odd names and values, broken escapes, repeats, and bare keys. */
export const hostileQuery = fc
  .array(
    fc.oneof(
      fc
        .tuple(hostileString(10), hostileString(30))
        .map(([k, v]) => `${encodeURIComponent(k.toWellFormed())}=${encodeURIComponent(v.toWellFormed())}`),
      fc.constantFrom(
        '%',
        'a=%',
        'a=%ZZ',
        'a=%00',
        '%00=1',
        'a',
        '=',
        '&',
        'a=1&a=2',
        'limit=-1',
        'limit=1e9',
        'cursor=%00',
        'cursor=WyJcdTAwMDAiLCJ4Il0',
        'search=%00',
        'search=%25',
        'status=x&status=y',
        'label=%ED%A0%80',
        'agent_id=%24%7BHOME%7D',
        'agent_id=%40%7Ba%3Ab%7D',
        '__proto__=1',
        'constructor=x',
      ),
    ),
    { maxLength: 6 },
  )
  .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.join('&')}`));

/** Headers a hostile client sends: odd cookies, credentials, origins, forwarded headers and accept values. */
export const hostileHeaders = fc.record(
  {
    cookie: fc.oneof(
      fc.constantFrom(
        'tc_session=%',
        'tc_session=%ZZ',
        'tc_session=',
        'tc_session=a.b',
        'tc_session',
        '=;=;',
        'tc_session=%E0%A4%A',
        `tc_session=${'x'.repeat(4000)}`,
        'a=1; tc_session=%00',
      ),
      hostileString(40).map((text) => `tc_session=${encodeURIComponent(text.toWellFormed())}`),
    ),
    authorization: fc.constantFrom(
      'Bearer',
      'Bearer ',
      'Bearer x',
      'Token tc-apiv1_',
      `Bearer tc-apiv1_${'0'.repeat(64)}`,
      `Bearer tc-apiv1_${'g'.repeat(64)}`,
      'Basic YTpi',
      'Bearer\ttc-apiv1_x',
      `Bearer ${'a'.repeat(8000)}`,
    ),
    origin: fc.constantFrom('null', 'http://evil.example', 'http://127.0.0.1:1', 'file://', '%', 'http://[::1]:99999'),
    accept: fc.constantFrom(
      'application/octet-stream',
      'text/*',
      '*/*',
      'application/json;q=0',
      'application/octet-stream, */*',
      '',
    ),
    'x-forwarded-for': fc.constantFrom('1.2.3.4', 'garbage', '::1, 10.0.0.1', ''),
    'x-forwarded-proto': fc.constantFrom('https', 'gopher', ''),
    'x-forwarded-host': fc.constantFrom('evil.example', 'a"b', ''),
    'if-none-match': fc.constantFrom('*', '"x"', 'W/"x", ""', ''),
    'if-modified-since': fc.constantFrom('Mon, 01 Jan 2024 00:00:00 GMT', 'yesterday', ''),
    'content-type': fc.constantFrom(
      'application/json',
      'text/plain',
      'application/json; charset=latin1',
      'multipart/form-data; boundary=x',
      '',
    ),
  },
  { requiredKeys: [] },
);
