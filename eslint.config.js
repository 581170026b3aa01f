import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Module boundaries: the gate, the agents and the projector speak only through schemas/ and bus/.
const boundary = (forbidden) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: forbidden.map((name) => ({
        group: [`**/${name}/**`, `**/${name}`],
        message: `talk to ${name} through schemas/ and the bus`,
      })),
    },
  ],
});

export default tseslint.config(
  { ignores: ['node_modules', 'dist', '.state', 'schemas/generated', 'infra/**/*.mjs', 'cli/swarmgate.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      // Interface implementations return promises without awaiting anything; that is fine.
      '@typescript-eslint/require-await': 'off',
    },
  },
  { files: ['eslint.config.js', 'scripts/*.js'], ...tseslint.configs.disableTypeChecked },
  // The dashboard's scripts run in the browser, as plain modules the API serves.
  {
    files: ['api/dashboard/page/*.js'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      sourceType: 'module',
      globals: Object.fromEntries(
        [
          'document',
          'window',
          'location',
          'history',
          'sessionStorage',
          'fetch',
          'atob',
          'URL',
          'URLSearchParams',
          'Blob',
          'Node',
          'Element',
          'CSS',
          'setTimeout',
          'console',
        ].map((name) => [name, 'readonly']),
      ),
    },
  },
  { files: ['agents/**/*.ts'], rules: boundary(['projector', 'orchestrator']) },
  { files: ['orchestrator/**/*.ts'], rules: boundary(['projector', 'agents']) },
  { files: ['projector/**/*.ts'], rules: boundary(['orchestrator', 'agents']) },
  { files: ['api/**/*.ts'], rules: boundary(['orchestrator', 'agents']) },
  // The registry fold is shared by the gate, the agents and the API, so it imports none of them.
  { files: ['registry/**/*.ts'], rules: boundary(['orchestrator', 'agents', 'projector', 'api']) },
);
