// @ts-check
/**
 * Lint for the portal: typescript-eslint's strict and stylistic type-checked rules (as for the
 * backend), angular-eslint's recommended rules for components and its template rules, including
 * the accessibility ones, for inline and external templates. Layout is Prettier's job
 * (`prettier --check` in `npm run lint`).
 */
import angular from 'angular-eslint';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', '.angular/**', 'out-tsc/**', 'src/app/core/api/openapi.gen.ts'] },
  {
    files: ['**/*.ts'],
    extends: [
      tseslint.configs.strictTypeChecked,
      tseslint.configs.stylisticTypeChecked,
      angular.configs.tsRecommended,
    ],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    processor: angular.processInlineTemplates,
    rules: {
      '@angular-eslint/directive-selector': [
        'error',
        { type: 'attribute', prefix: 'app', style: 'camelCase' },
      ],
      // Elements are kebab-case (`app-shell`); components on a semantic host element are
      // attributes, camelCase like directives (`main[appAuthPage]`, `td[appRowActions]`).
      '@angular-eslint/component-selector': [
        'error',
        [
          { type: 'element', prefix: 'app', style: 'kebab-case' },
          { type: 'attribute', prefix: 'app', style: 'camelCase' },
        ],
      ],
      // Components are classes with only a decorator by design.
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }],
      // Angular's `Validators.required` and friends are static functions passed by reference.
      '@typescript-eslint/unbound-method': ['error', { ignoreStatic: true }],
      // Numbers and booleans in template strings read naturally in messages.
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
    },
  },
  {
    files: ['**/*.html'],
    extends: [angular.configs.templateRecommended, angular.configs.templateAccessibility],
  },
);
