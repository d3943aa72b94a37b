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
    // core/ is plain Node: no Electron, no DOM, no renderer code (docs/architecture.md).
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
    // core/common is the layer both sides share (the topology index and its helpers): it
    // runs in Node and in the browser, so it imports only the model's types and itself.
    files: ['core/common/**/*.ts'],
    ignores: ['core/common/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^(?!\\.\\./model/|\\./)',
              message: 'core/common imports only ../model/ and its own files: it runs in Node and in the browser',
            },
          ],
        },
      ],
    },
  },
  {
    // Test support stays out of the app: only tests, benchmarks and e2e may use it (the
    // packaged app leaves it out, see package.json build.files).
    files: ['core/**/*.ts', 'renderer/**/*.ts', 'renderer/**/*.tsx', 'electron/**/*.ts'],
    ignores: ['**/*.test.ts', 'core/testkit/**', 'renderer/client/testing/**', 'electron/test-support/**'],
    rules: {
      // A rule of its own name, so the layering rules above keep theirs.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/testkit/*', '**/client/testing/*', '**/test-support/*'],
              message: 'test support is for tests only',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
  },
  {
    // Raw IPC only in the two wrappers (GitHub Desktop's rule): the relay registers every
    // main-process handler after its sender checks, the preload is the renderer's only way out.
    files: ['electron/**/*.ts', 'electron/**/*.cts'],
    // Tests and their fakes drive a stand-in ipcMain; they register nothing in the app.
    ignores: [
      'electron/ipc-relay.ts',
      'electron/preload.cts',
      'electron/main.ts',
      'electron/**/*.test.ts',
      'electron/test-support/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain', 'ipcRenderer'],
              message: 'IPC goes through electron/ipc-relay.ts (main) and electron/preload.cts (renderer)',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: 'MemberExpression[property.name=/^ipc(Main|Renderer)$/]',
          message: 'IPC goes through electron/ipc-relay.ts (main) and electron/preload.cts (renderer)',
        },
      ],
    },
  },
  {
    // main.ts imports ipcMain only to hand it to the relay: it may not register anything itself.
    files: ['electron/main.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='ipcMain']",
          message: 'register IPC handlers in electron/ipc-relay.ts, behind its sender checks',
        },
      ],
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', importNames: ['ipcRenderer'], message: 'ipcRenderer belongs to the preload' }] },
      ],
    },
  },
  {
    // renderer/ runs in a sandboxed page (Electron or a browser): browser globals only, no
    // Node or host libraries, and from core/ only the contract (docs/architecture.md). Its tests
    // run in Node and may use node:test and core/testkit.
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    ignores: ['renderer/**/*.test.ts'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        location: 'readonly',
        navigator: 'readonly',
        console: 'readonly',
        WebSocket: 'readonly',
        URL: 'readonly',
        URLSearchParams: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        queueMicrotask: 'readonly',
        requestAnimationFrame: 'readonly',
      },
    },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['node:*'], message: 'renderer/ runs in a browser: no Node modules' },
            {
              group: ['execa', 'execa/*', 'dockerode', 'dockerode/*', 'ws', 'ws/*', 'electron', 'electron/*'],
              message: 'renderer/ reaches the host only through the protocol',
            },
            {
              regex: '(^|/)core/(?!(protocol|model|common)/[^/]+$)',
              message: 'renderer/ may import only core/protocol, core/model and core/common',
            },
          ],
        },
      ],
    },
  },
);
