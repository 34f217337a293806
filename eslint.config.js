/**
 * Parley's lint: typescript-eslint's recommended rules, the layer rules that keep each folder in its
 * process (the VS Code habit: the path tells the process), and security rules for the Electron shell
 * and for the renderer and the exporters (no string ever becomes markup or code; SECURITY.md).
 * test/lint/security-lint.test.ts proves the layer and security rules fire.
 *
 * Layers (see ARCHITECTURE.md):
 *   shared/       plain TypeScript for every process: no Node, no Electron, no DOM libraries, no other layer
 *   annotations/  the Node backend: shared/ and Node; no Electron, React, ProseMirror or UI code
 *   renderer/     the browser UI: shared/ and browser APIs; no Node, no Electron, no backend code
 *   electron/     the desktop shell: shared/, annotations/, Node and Electron; never renderer code
 *
 * ESLint does not merge the options of one rule across config objects (the later object wins), so
 * every file gets exactly one `no-restricted-imports` entry, built below for its layer and depth.
 */
import reactHooks from 'eslint-plugin-react-hooks';
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const CODE = '{ts,tsx,mts,cts,js,mjs,cjs}';

// ---------------------------------------------------------------------------------------------
// Layers
// ---------------------------------------------------------------------------------------------

/** Node's built-in modules by their bare names ('fs', 'fs/promises', ...); 'node:*' is a pattern. */
const NODE_BUILTINS = builtinModules.filter((name) => !name.startsWith('_'));

/** Restrict Node: every bare built-in name, and the node: scheme. */
function noNode(message) {
  return {
    paths: NODE_BUILTINS.map((name) => ({ name, message })),
    patterns: [{ group: ['node:*'], message }],
  };
}

/** Restrict packages by gitignore-style groups ('react', 'react/*', 'prosemirror-*' ...). */
function noPackages(group, message) {
  return { paths: [], patterns: [{ group, message }] };
}

/**
 * Folders are at the repository's top level, so whether `../x` reaches the layer `x` depends on how
 * deep the importing file sits: from shared/a.ts it is `../annotations/...`, from shared/import/b.ts
 * `../../annotations/...`, while renderer/editor/c.ts importing `../annotations/panel` stays inside
 * renderer/. So the relative-path rules are generated per depth and match exactly that many `../`.
 */
const MAX_DEPTH = 10;

function noLayers(layers, depth, why) {
  return {
    paths: [],
    patterns: layers.map((layer) => ({
      regex: `^(\\./)?(\\.\\./){${depth}}${layer}(/|$)`,
      message: `${layer}/ ${why}`,
    })),
  };
}

function merge(...restrictions) {
  return {
    paths: restrictions.flatMap((r) => r.paths),
    patterns: restrictions.flatMap((r) => r.patterns),
  };
}

/**
 * The import rules of one layer, as one config object per depth inside it.
 * @param {string} layerName the top-level folder
 * @param {object[]} packageRules what it may not import by package name
 * @param {string[]} forbiddenLayers the top-level folders it may not import from
 * @param {(from: string) => string} why ends the sentence "<forbidden layer>/ ..." of the message
 */
function layer(layerName, packageRules, forbiddenLayers, why) {
  return Array.from({ length: MAX_DEPTH }, (_, i) => ({
    name: `parley/layers/${layerName}/depth-${i + 1}`,
    files: [`${layerName}/${'*/'.repeat(i)}*.${CODE}`],
    rules: {
      'no-restricted-imports': [
        'error',
        merge(...packageRules, noLayers(forbiddenLayers, i + 1, why(layerName))),
      ],
    },
  }));
}

const REACT = ['react', 'react/*', 'react-dom', 'react-dom/*'];
const ELECTRON = ['electron', 'electron/*'];

const layerConfigs = [
  ...layer(
    'shared',
    [
      noNode('shared/ runs in every process, the browser included: keep Node out of it (put Node code in annotations/).'),
      noPackages(ELECTRON, 'shared/ runs in every process: Electron belongs in electron/.'),
      noPackages(
        [...REACT, 'prosemirror-view', 'prosemirror-view/*'],
        'shared/ is plain TypeScript with no DOM: UI code belongs in renderer/.',
      ),
    ],
    ['annotations', 'electron', 'renderer'],
    (from) => `is another layer: ${from}/ is the common ground every layer imports, never the other way round.`,
  ),
  ...layer(
    'annotations',
    [
      noPackages(ELECTRON, 'annotations/ is the Node backend shared by the desktop, the browser host and the CLI: no Electron.'),
      noPackages(
        [...REACT, 'prosemirror-*'],
        'annotations/ is the Node backend: the editor and React belong in renderer/.',
      ),
    ],
    ['renderer', 'electron'],
    (from) => `is out of reach: ${from}/ is the backend and knows only shared/ and Node.`,
  ),
  ...layer(
    'renderer',
    [
      noNode('renderer/ runs in a sandboxed web page: it reaches files only through the API contract (shared/api.ts).'),
      noPackages(ELECTRON, 'renderer/ runs in a sandboxed web page: it talks to Electron only through window.parley.'),
    ],
    ['annotations', 'electron'],
    (from) => `is out of reach: ${from}/ talks to the backend only through the API contract (shared/api.ts).`,
  ),
  ...layer(
    'electron',
    [],
    ['renderer'],
    (from) => `is out of reach: ${from}/ is the desktop shell and loads the renderer only as a built page.`,
  ),
];

// ---------------------------------------------------------------------------------------------
// Security
// ---------------------------------------------------------------------------------------------

/** `key: value` in an object literal, `x.key = value`, and the quoted-key spelling of both. */
function flag(key, value, message) {
  const v = value === undefined ? '' : `[value.value=${value}]`;
  const r = value === undefined ? '' : `[right.value=${value}]`;
  return [
    { selector: `Property[key.name='${key}']${v}`, message },
    { selector: `Property[key.value='${key}']${v}`, message },
    { selector: `AssignmentExpression[left.property.name='${key}']${r}`, message },
  ];
}

const noCodeFromStrings = [
  { selector: "CallExpression[callee.name='eval']", message: 'eval runs a string as code: never do it in Parley.' },
  {
    selector: "NewExpression[callee.name='Function'], CallExpression[callee.name='Function']",
    message: 'new Function runs a string as code: never do it in Parley.',
  },
];

const electronSecurity = [
  ...flag('nodeIntegration', true, 'nodeIntegration: true gives the page Node: a transcript that smuggled in a script could read and write any file.'),
  ...flag('nodeIntegrationInWorker', true, 'nodeIntegrationInWorker: true gives web workers Node: keep it off.'),
  ...flag('nodeIntegrationInSubFrames', true, 'nodeIntegrationInSubFrames: true gives frames Node: keep it off.'),
  ...flag('contextIsolation', false, 'contextIsolation: false lets the page reach into the preload and Electron: keep it on.'),
  ...flag('sandbox', false, 'sandbox: false runs the renderer without the OS sandbox: keep it on.'),
  ...flag('webSecurity', false, 'webSecurity: false turns off the same-origin policy: keep it on.'),
  ...flag('allowRunningInsecureContent', true, 'allowRunningInsecureContent: true lets http content run in the app: keep it off.'),
  ...flag('experimentalFeatures', true, 'experimentalFeatures: true enables untested Chromium features: keep it off.'),
  ...flag('enableBlinkFeatures', undefined, 'enableBlinkFeatures switches on Chromium features that are off for a reason: do not set it.'),
  ...flag('webviewTag', true, 'webviewTag: true lets the page embed other sites with their own preferences: keep it off.'),
  {
    selector: "CallExpression[callee.property.name='openExternal'], CallExpression[callee.name='openExternal']",
    message:
      'shell.openExternal hands a URL from a transcript to the operating system: use openClickedLink (electron/security.ts), the one reviewed caller, which allows only http(s).',
  },
  {
    selector:
      "CallExpression[callee.property.name='exposeInMainWorld'] Identifier[name='ipcRenderer']:not(MemberExpression > Identifier.object)",
    message: 'Never expose ipcRenderer to the page: expose one named method per operation (see electron/preload.ts).',
  },
  {
    selector: "MemberExpression[object.name='ipcRenderer']:not(CallExpression > MemberExpression.callee)",
    message:
      'ipcRenderer methods must be called inside a wrapper, never handed out as values: the page would choose the channel or receive the IPC event.',
  },
  {
    selector: "CallExpression[callee.property.name='executeJavaScript']",
    message: 'executeJavaScript runs a string as code in the page: send a MenuCommand instead.',
  },
  {
    selector: "CallExpression[callee.property.name='loadURL']",
    message: 'Load the renderer with loadFile: a page from anywhere else would be handed window.parley.',
  },
  {
    selector:
      "CallExpression[callee.property.name='appendSwitch'][arguments.0.value=/^(no-sandbox|disable-web-security|disable-site-isolation-trials|allow-file-access-from-files)$/]",
    message: 'This Chromium switch turns off a protection Parley relies on: do not set it.',
  },
  ...noCodeFromStrings,
];

const TRANSCRIPT_IS_DATA = 'transcript text is data and must never become markup or code';

/**
 * For the renderer and the exporters (shared/export/): every way of turning a string into markup or
 * code. The exporters build their output as strings through escape.ts and have no DOM, so none of
 * these has a use there either; the rules keep it that way.
 */
const markupSecurity = [
  {
    selector: "JSXAttribute[name.name='dangerouslySetInnerHTML'], Property[key.name='dangerouslySetInnerHTML'], Property[key.value='dangerouslySetInnerHTML']",
    message: `dangerouslySetInnerHTML parses a string as HTML: ${TRANSCRIPT_IS_DATA}. Render text nodes.`,
  },
  {
    selector:
      'AssignmentExpression[left.property.name=/^(innerHTML|outerHTML|srcdoc)$/], AssignmentExpression[left.property.value=/^(innerHTML|outerHTML|srcdoc)$/]',
    message: `Assigning innerHTML/outerHTML/srcdoc parses a string as HTML: ${TRANSCRIPT_IS_DATA}. Use textContent or DOM nodes.`,
  },
  {
    // Object.assign(el, { innerHTML }) and friends.
    selector: "Property[key.name=/^(innerHTML|outerHTML|srcdoc)$/], Property[key.value=/^(innerHTML|outerHTML|srcdoc)$/]",
    message: `Setting innerHTML/outerHTML/srcdoc parses a string as HTML: ${TRANSCRIPT_IS_DATA}. Use textContent or DOM nodes.`,
  },
  {
    selector: "CallExpression[callee.property.name=/^(setHTMLUnsafe|parseHTMLUnsafe|parseFromString)$/]",
    message: `This parses a string as HTML: ${TRANSCRIPT_IS_DATA}. Build DOM nodes or render text.`,
  },
  {
    selector: "Literal[value=/javascript:/i], TemplateElement[value.raw=/javascript:/i]",
    message: `A javascript: URL runs code when followed: ${TRANSCRIPT_IS_DATA}. Links go to http(s) addresses only.`,
  },
  {
    selector: "CallExpression[callee.property.name='insertAdjacentHTML']",
    message: `insertAdjacentHTML parses a string as HTML: ${TRANSCRIPT_IS_DATA}. Use insertAdjacentText or DOM nodes.`,
  },
  {
    selector: "CallExpression[callee.object.name='document'][callee.property.name=/^(write|writeln)$/]",
    message: `document.write parses a string as HTML: ${TRANSCRIPT_IS_DATA}.`,
  },
  {
    selector: "CallExpression[callee.property.name='createContextualFragment']",
    message: `createContextualFragment parses a string as HTML and runs its scripts: ${TRANSCRIPT_IS_DATA}.`,
  },
  {
    selector: "JSXAttribute[name.name=/^src[dD]oc$/]",
    message: `srcDoc loads a string as a page: ${TRANSCRIPT_IS_DATA}.`,
  },
  ...noCodeFromStrings,
];

/** The preload is bundled whole into a sandboxed CommonJS file that may require only 'electron'. */
const preloadImports = {
  paths: [
    ...NODE_BUILTINS.map((name) => ({ name, message: 'A sandboxed preload cannot require Node built-ins.' })),
    {
      name: '../shared/api.js',
      allowTypeImports: true,
      message: 'Import only types from shared/api.ts in the preload: its values pull zod into the bundle. Use shared/api-methods.ts.',
    },
  ],
  patterns: [
    { group: ['node:*'], message: 'A sandboxed preload cannot require Node built-ins.' },
    { group: ['zod', 'zod/*'], message: 'The preload does not validate (main does): keep zod out of its bundle.' },
    { group: ['../annotations/*'], message: 'The preload runs beside the page: backend code belongs in main.' },
  ],
};

export default defineConfig([
  globalIgnores(['out/', 'dist/', 'node_modules/', 'test-results/', '.tmp/']),

  js.configs.recommended,
  {
    name: 'parley/typescript',
    files: ['**/*.{ts,tsx,mts,cts}'],
    extends: [tseslint.configs.recommended],
    rules: {
      // The API contract and IPC are where `any` would let unchecked data through: no exceptions.
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },

  {
    name: 'parley/globals',
    files: [`*.${CODE}`, `annotations/**/*.${CODE}`, `electron/**/*.${CODE}`, `test/**/*.${CODE}`],
    languageOptions: { globals: globals.node },
  },
  { name: 'parley/globals/renderer', files: [`renderer/**/*.${CODE}`], languageOptions: { globals: globals.browser } },

  {
    name: 'parley/react-hooks',
    files: [`renderer/**/*.${CODE}`],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },

  ...layerConfigs,

  {
    name: 'parley/no-code-from-strings',
    ignores: ['electron/**', 'renderer/**'],
    rules: { 'no-eval': 'error', 'no-new-func': 'error', 'no-implied-eval': 'error' },
  },
  {
    name: 'parley/security/electron',
    files: [`electron/**/*.${CODE}`],
    rules: { 'no-restricted-syntax': ['error', ...electronSecurity], 'no-implied-eval': 'error' },
  },
  {
    name: 'parley/security/markup',
    files: [`renderer/**/*.${CODE}`, `shared/export/**/*.${CODE}`],
    rules: { 'no-restricted-syntax': ['error', ...markupSecurity], 'no-implied-eval': 'error' },
  },
  {
    name: 'parley/security/preload',
    files: ['electron/preload.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', preloadImports] },
  },
]);
