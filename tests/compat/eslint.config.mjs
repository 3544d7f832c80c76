// The UI's scripts as the oldest browsers the browser mode supports see
// them: Chromium 69 and Firefox 60 (package.json's browserslist). Test-only;
// run by check.sh.
import compat from 'eslint-plugin-compat';
import esx from 'eslint-plugin-es-x';

// What ui/compat.js supplies where a browser lacks it.
const SUPPLIED = ['Object.fromEntries', 'Array.prototype.flat', 'Array.prototype.flatMap'];

// Method calls that the checkers above do not see (without types they
// cannot tell an element or an array from any other object), with the
// versions that first have them.
const MISSED = [
  ['replaceChildren', 'Chrome 86, Firefox 78: use fill() of dom.js'],
  ['toggleAttribute', 'Chrome 69, Firefox 63'],
  ['requestSubmit', 'Chrome 76, Firefox 75'],
  ['showPicker', 'Chrome 99, Firefox 101'],
  ['replaceAll', 'Chrome 85, Firefox 77'],
  ['matchAll', 'Chrome 73, Firefox 67'],
  ['at', 'Chrome 92, Firefox 90'],
  ['findLast', 'Chrome 97, Firefox 104'],
  ['trimStart', 'Chrome 66, Firefox 61'],
  ['trimEnd', 'Chrome 66, Firefox 61'],
].map(([name, since]) => ({
  selector: `CallExpression > MemberExpression.callee[property.name='${name}']`,
  message: `${name}() is not in every supported browser (${since})`,
}));

const browser = {
  window: 'readonly', document: 'readonly', navigator: 'readonly', location: 'readonly',
  history: 'readonly', sessionStorage: 'readonly', localStorage: 'readonly', console: 'readonly',
  setTimeout: 'readonly', clearTimeout: 'readonly', setInterval: 'readonly', clearInterval: 'readonly', requestAnimationFrame: 'readonly',
  fetch: 'readonly', EventSource: 'readonly', FormData: 'readonly', Node: 'readonly',
  HTMLElement: 'readonly', Element: 'readonly', Intl: 'readonly', URLSearchParams: 'readonly',
  MutationObserver: 'readonly', Blob: 'readonly', Event: 'readonly', CSS: 'readonly',
  performance: 'readonly',
};

export default [
  {
    files: ['**/*.js'],
    languageOptions: { ecmaVersion: 'latest', sourceType: 'module', globals: browser },
    plugins: { compat, 'es-x': esx },
    settings: { polyfills: SUPPLIED },
    rules: {
      ...esx.configs['flat/restrict-to-es2018'].rules,
      // Firefox 60 has ES2018 but for these parts of its regular expressions.
      'es-x/no-regexp-lookbehind-assertions': 'error',
      'es-x/no-regexp-named-capture-groups': 'error',
      'es-x/no-regexp-s-flag': 'error',
      'es-x/no-regexp-unicode-property-escapes': 'error',
      // ES2019 that both have: `catch {` (Chrome 66, Firefox 58).
      'es-x/no-optional-catch-binding': 'off',
      // Supplied by compat.js where absent.
      'es-x/no-object-fromentries': 'off',
      'es-x/no-array-prototype-flat': 'off',
      'compat/compat': 'error',
      'no-restricted-syntax': ['error', ...MISSED],
      'no-undef': 'error',
    },
  },
  {
    // The classic script run first: it must parse even where modules do
    // not, to say that the browser is too old; so ES5 syntax. (What it
    // supplies runs only where there are modules, so ES2015 library calls
    // such as Array.from are there.)
    files: ['**/compat.js'],
    languageOptions: { ecmaVersion: 5, sourceType: 'script', globals: browser },
  },
];
