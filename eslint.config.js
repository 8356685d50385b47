// @ts-check
import { builtinModules } from 'node:module';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  { ignores: ['node_modules/**', '.tools/**', '.data/**', 'coverage/**', 'dist/**'] },
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['eslint.config.js', 'src/temporal/failure-converter.cjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false } }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // A converter the SDK loads by path with require(): CommonJS, so Node and the workflow bundler both load it.
    files: ['src/temporal/failure-converter.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Workflows are replayed deterministically in a sandbox: no I/O, no Node built-ins, no db/email/api (docs/architecture.md, "What may import what").
    files: ['src/workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Workflows must not use Node built-ins: they run in a deterministic sandbox.',
          })),
          patterns: [
            { group: ['**/db', '**/db/**'], message: 'Workflows reach the database only through activities.' },
            { group: ['**/email', '**/email/**'], message: 'Workflows send email only through activities.' },
            { group: ['**/api', '**/api/**'], message: 'Workflows never import the HTTP layer.' },
            {
              group: ['**/activities', '**/activities/**'],
              allowTypeImports: true,
              message: 'Workflows may only `import type` activities.',
            },
            {
              group: [
                'pg',
                'kysely',
                'nodemailer',
                'express',
                '@temporalio/client',
                '@temporalio/worker',
                '@temporalio/activity',
              ],
              message: 'Not inside a workflow.',
            },
          ],
        },
      ],
    },
  },
  {
    // The rules engine is imported by workflows: the same restrictions, and nothing of ours outside src/domain.
    files: ['src/domain/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({ name, message: 'The rules engine is pure: no Node built-ins.' })),
          patterns: [
            {
              group: [
                'db',
                'email',
                'api',
                'activities',
                'workflows',
                'lib',
                'config',
                'temporal',
                'wiring',
                'cli',
                'dev',
              ].flatMap((d) => [`**/${d}`, `**/${d}/**`]),
              message: 'src/domain imports nothing of ours outside src/domain.',
            },
          ],
        },
      ],
    },
  },
);
