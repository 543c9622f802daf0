import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'test-results/**', 'bench/RESULTS.md'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'error',
    },
  },
  {
    files: ['web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['scripts/**/*.mjs', 'bench/**/*.mjs'],
    rules: { 'no-console': 'off' },
  },
  {
    // ADR 15: a handler's body, query and params have the types of the schemas that validated them.
    files: ['server/src/**/*.routes.ts'],
    rules: {
      'no-restricted-syntax': ['error', ...requestPartCasts()],
    },
  },
);

/** `request.body as X`, `request.query as X`, `request.params as X`, and the `<X>request.body` form. */
function requestPartCasts() {
  const part =
    "MemberExpression.expression[object.type='Identifier'][object.name='request'][property.name=/^(body|query|params)$/]";
  const message =
    'Do not cast request.body, request.query or request.params: register the route through typed(app) ' +
    '(server/src/http/typed.ts) and declare its body, querystring or params schema, so the handler gets their ' +
    'Static<> types (ADR 15).';
  return ['TSAsExpression', 'TSTypeAssertion'].map((cast) => ({ selector: `${cast} > ${part}`, message }));
}
