// Lint, including the layer rule (STYLE.md): engine/ and host/ run in Node without DOM or Electron,
// renderer/ runs in the browser without Node or Electron, contract/ is shared by all and imports neither,
// and only electron/ may import 'electron'.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const nodeBuiltins = ['node:*', 'fs', 'fs/*', 'path', 'os', 'child_process', 'crypto', 'http', 'https', 'net', 'url', 'module', 'worker_threads', 'stream', 'util', 'events', 'zlib', 'process', 'buffer'];
const badLayering = (what) => `Bad layering: ${what}`;

export default tseslint.config(
  { ignores: ['dist/**', 'release/**', 'node_modules/**', 'coverage/**', 'tmp/**', 'test-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['engine/**', 'host/**', 'bench/**', 'scripts/**', 'tests/**', 'bin/**', '*.config.*', 'electron/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['engine/**', 'host/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: badLayering('engine/ and host/ must not import Electron (only electron/ may)') },
          { group: ['react', 'react-dom', 'react-dom/*', 'konva', 'react-konva', 'dexie', '**/renderer/**'], message: badLayering('engine/ and host/ must not import browser or renderer code') },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'window', message: badLayering('no DOM in engine/ or host/') },
        { name: 'document', message: badLayering('no DOM in engine/ or host/') },
        { name: 'navigator', message: badLayering('no DOM in engine/ or host/') },
        { name: 'localStorage', message: badLayering('no DOM in engine/ or host/') },
      ],
    },
  },
  {
    // The engine window (engine/window/) runs the engine in Chromium: no Node built-ins there, except
    // through the stand-ins in nodeShims/ that its bundle swaps in (scripts/build-engine-window.mjs).
    files: ['engine/window/**'],
    ignores: ['engine/window/nodeShims/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: badLayering('engine/ must not import Electron (only electron/ may)') },
          { group: ['react', 'react-dom', 'react-dom/*', 'konva', 'react-konva', 'dexie', '**/renderer/**'], message: badLayering('engine/ must not import browser or renderer code') },
          { regex: `^(${nodeBuiltins.map((name) => name.replace('*', '.*')).join('|')})$`, message: badLayering('engine/window/ runs in Chromium: its files go through engine/files/engineFiles.ts') },
        ],
      }],
    },
  },
  {
    files: ['renderer/**'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['electron', 'electron/*'], message: badLayering('renderer/ must not import Electron; use window.segadapt') },
          { group: nodeBuiltins, message: badLayering('renderer/ must not import Node built-ins') },
          { group: ['**/engine/**', '**/host/**', '**/electron/**', '@tensorflow/tfjs-node*'], message: badLayering('renderer/ talks to the engine only through the API contract') },
        ],
      }],
      'no-restricted-globals': ['error',
        { name: 'process', message: badLayering('no Node globals in renderer/') },
        { name: 'require', message: badLayering('no Node globals in renderer/') },
        { name: '__dirname', message: badLayering('no Node globals in renderer/') },
        { name: 'Buffer', message: badLayering('no Node globals in renderer/') },
      ],
    },
  },
  {
    files: ['contract/**'],
    ignores: ['contract/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { regex: '^(?!\\./)', message: badLayering('contract/ holds types shared by every layer and imports only its own files') },
        ],
      }],
    },
  },
);
