import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'fixtures/**', 'artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // core/ is plain Node: no Electron, no DOM, no renderer code (ARCHITECTURE.md).
    files: ['core/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['electron', 'electron/*'], message: 'core/ must not import Electron' },
            { group: ['react', 'react-dom', 'cytoscape', 'zustand'], message: 'core/ must not import UI libraries' },
            { group: ['**/renderer/**', '**/electron/**'], message: 'core/ must not import the hosts or the UI' },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'child_process', property: 'exec', message: 'run tools through core/exec/run-tool.ts (no shell)' },
        {
          object: 'child_process',
          property: 'execSync',
          message: 'run tools through core/exec/run-tool.ts (no shell)',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
);
