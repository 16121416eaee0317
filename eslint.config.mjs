// Lint, including the layering rules: code imports only downward (see docs/ARCHITECTURE.md).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const noElectron = { name: 'electron', message: 'Only electron/main.ts, electron/preload.ts and electron/shell/ may import Electron.' };

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', '.cache/**', 'models/generated/**', 'models/packs/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-control-regex': 'off',
      // Nothing from a record may reach the OS browser or file handlers (docs/security.md).
      'no-restricted-properties': ['error', { object: 'shell', property: 'openExternal', message: 'Bedside never opens external URLs: record content must not reach the OS (docs/security.md).' }, { object: 'shell', property: 'openPath', message: 'Bedside never hands files to the OS: record content must not reach other apps (docs/security.md).' }],
    },
  },
  // Contract: the lowest layer, imports only zod.
  {
    files: ['electron/contract/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { patterns: [{ regex: '^(?!zod$|\\.).*', message: 'The contract imports only zod and itself.' }, { group: ['**/services/**', '**/ipc/**', '**/app/**', '**/server/**', '**/shell/**', '**/renderer/**'], message: 'The contract is the lowest layer.' }] }],
    },
  },
  // Services: plain Node; never Electron, never the renderer or the layers above them.
  {
    files: ['electron/services/**/*.ts', 'electron/inference-host/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [noElectron], patterns: [{ group: ['**/renderer/**', '**/ipc/**', '**/app/**', '**/server/**', '**/shell/**', '**/cli/**', '../main', '../preload'], message: 'Services import only the contract and other services.' }] }],
    },
  },
  // Everything else on the main side except the shell: no Electron either.
  {
    files: ['electron/ipc/**/*.ts', 'electron/app/**/*.ts', 'electron/server/**/*.ts', 'electron/cli/**/*.ts', 'models/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [noElectron], patterns: [{ group: ['**/renderer/**'], message: 'The main side never imports the renderer.' }] }],
    },
  },
  // Tests may reach every layer (component tests import the renderer), but never Electron.
  {
    files: ['test/**/*.{ts,tsx}'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  // Renderer: browser code; from electron/ only type declarations of the contract.
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [noElectron],
          patterns: [
            { group: ['**/electron/contract', '**/electron/contract/**'], allowTypeImports: true, message: 'The renderer may import only types from the contract.' },
            { group: ['**/electron/*', '**/electron/**', '!**/electron/contract', '!**/electron/contract/**'], message: 'The renderer imports nothing from electron/ but contract types.' },
          ],
        },
      ],
    },
  },
);
