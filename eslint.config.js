// ESLint (flat config) for the page script in argmap/render/js.
//
// The page's modules are fragments of one function scope: the renderer (argmap/render/html.py)
// inlines them, in the order of its PAGE_MODULES, inside one "use strict" function. Each file names
// what it takes from the others in a /* global */ comment and what it gives them in /* exported */,
// so no-undef and no-unused-vars check every file on its own. STYLE (style.json) is put in by the renderer.
const js = require("@eslint/js");
const globals = require("globals");

module.exports = [
  js.configs.recommended,
  {
    files: ["argmap/render/js/**/*.js"],
    languageOptions: {
      ecmaVersion: 2018,
      sourceType: "script",
      globals: { ...globals.browser, vis: "readonly" }
    },
    rules: {
      "no-unused-vars": ["error", { vars: "all", args: "none", caughtErrors: "none" }],
      "no-var": "off",
      eqeqeq: ["error", "always"],
      "no-implicit-globals": "off",
      "no-redeclare": "error",
      "no-shadow": "off"
    }
  },
  {
    files: ["eslint.config.js"],
    languageOptions: { sourceType: "commonjs", globals: globals.node }
  }
];
