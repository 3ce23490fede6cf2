// Type-aware lint: the rules below are the ones that catch real bugs (floating promises,
// implicit any) or keep the code base uniform (type-only imports, curly braces).
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "data/**", "node_modules/**", "src/store/migrations/**", "coverage/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      curly: ["error", "all"],
      "no-restricted-globals": [
        "error",
        { name: "fetch", message: "Outbound HTTP goes through src/lib/http.ts (timeouts, retries, private-address guard)." },
      ],
    },
  },
  {
    // The wrapper itself, the browser app and tests talking to our own loopback server may use fetch.
    files: ["src/lib/http.ts", "web/**", "test/**", "**/*.test.ts", "bench/**", "scripts/**"],
    rules: { "no-restricted-globals": "off" },
  },
  {
    files: ["**/*.js", "**/*.mjs"],
    languageOptions: { globals: { ...globals.node } },
  },
);
