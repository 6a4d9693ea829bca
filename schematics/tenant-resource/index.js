// @ts-check
/**
 * `nest g tenant-resource <plural> --project api`: one tenant-scoped feature in this project's
 * layout (README, "Adding a feature"). Plain CommonJS, no build step: the Nest CLI hands the
 * collection to @angular-devkit/schematics, which loads factories with require().
 *
 * Writes the files from ./files (EJS-like templates, `.template` suffix so that no TypeScript
 * tool, linter or Jest picks them up here) and registers what it made in the files that list
 * them: the feature module in AppModule's imports, the entity in ENTITIES, the migration in
 * MIGRATIONS, the table in docs/scaling.md's Citus layout (test/deploy/scaling.e2e-spec.ts fails
 * on a table it does not classify), a fixture in the tenancy sweep (it fails on a path id it has no
 * row for). The registrations edit the TypeScript syntax tree, not text
 * markers, so they survive reformatting of those files.
 */
const { strings } = require('@angular-devkit/core');
const {
  SchematicsException,
  apply,
  applyTemplates,
  chain,
  mergeWith,
  move,
  url,
} = require('@angular-devkit/schematics');
const ts = require('typescript');

/** @typedef {import('@angular-devkit/schematics').Tree} Tree */
/** @typedef {import('@angular-devkit/schematics').Rule} Rule */

const APP_MODULE = 'app.module.ts';
const ENTITIES_INDEX = 'libs/database/src/entities/index.ts';
const MIGRATIONS_INDEX = 'libs/database/src/migrations/index.ts';
const SCALING_DOC = 'docs/scaling.md';
const TENANCY_SWEEP = 'test/e2e/tenancy-sweep.e2e-spec.ts';

/**
 * English plural to singular for resource names, enough for the usual cases (invoices → invoice,
 * categories → category, addresses → address, boxes → box). The last word of a kebab name is the
 * one made singular (purchase-orders → purchase-order).
 */
function singularOf(plural) {
  const rules = [
    [/ies$/, 'y'],
    [/(ss|x|z|ch|sh)es$/, '$1'],
    [/([^s])s$/, '$1'],
  ];
  for (const [pattern, replacement] of rules) {
    if (pattern.test(plural))
      return plural.replace(pattern, /** @type {string} */ (replacement));
  }
  return plural;
}

/** Every spelling the templates need, from the plural the user typed. */
function namesOf(input) {
  const plural = strings.dasherize(input.trim());
  if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(plural)) {
    throw new SchematicsException(
      `"${input}" is not a resource name: use letters, digits and dashes (e.g. invoices, purchase-orders)`,
    );
  }
  const singular = singularOf(plural);
  if (singular === plural) {
    throw new SchematicsException(
      `give the plural ("${plural}s", not "${plural}"): it names the route /api/<plural>, the folder and the table`,
    );
  }
  return {
    /** purchase-orders: route, folder, file names */
    plural,
    /** purchase-order: entity and DTO file names */
    singular,
    /** PurchaseOrders: module, controller, service, repository classes */
    Plural: strings.classify(plural),
    /** PurchaseOrder: entity and DTO classes */
    Singular: strings.classify(singular),
    /** purchaseOrders: variables */
    pluralVar: strings.camelize(plural),
    /** purchaseOrder: a variable holding one */
    singularVar: strings.camelize(singular),
    /** PURCHASE_ORDER: the SQL constants' prefix */
    CONSTANT: strings.underscore(singular).toUpperCase(),
    /** purchase_orders: the table */
    table: strings.underscore(plural),
    /** purchase order: prose in summaries and messages */
    words: singular.replace(/-/g, ' '),
    pluralWords: plural.replace(/-/g, ' '),
  };
}

/** The migration's timestamp: now, and after every existing migration (their names start with one). */
function migrationTimestamp(tree) {
  let latest = 0;
  tree.getDir('libs/database/src/migrations').visit((path) => {
    const match = /\/(\d{13})-[^/]*\.ts$/.exec(path);
    if (match) latest = Math.max(latest, Number(match[1]));
  });
  return Math.max(Date.now(), latest + 1);
}

function read(tree, path) {
  const buffer = tree.read(path);
  if (!buffer)
    throw new SchematicsException(
      `${path} not found: run the schematic at the repository's root`,
    );
  return buffer.toString('utf8');
}

function parse(path, text) {
  return ts.createSourceFile(
    path,
    text,
    ts.ScriptTarget.Latest,
    true,
    ts.ScriptKind.TS,
  );
}

/** Inserts `line` after the last top-level import declaration. */
function addImport(tree, path, line) {
  const text = read(tree, path);
  if (text.includes(line)) return;
  const imports = parse(path, text).statements.filter(ts.isImportDeclaration);
  const at = imports.length ? imports[imports.length - 1].getEnd() : 0;
  const recorder = tree.beginUpdate(path);
  recorder.insertRight(at, `${at ? '\n' : ''}${line}${at ? '' : '\n'}`);
  tree.commitUpdate(recorder);
}

/** Appends `element` to an array literal found by `find` (with the array's own indentation and trailing comma style). */
function appendToArray(tree, path, describe, find, element) {
  const text = read(tree, path);
  let array;
  const visit = (node) => {
    if (!array && find(node)) array = node;
    else if (!array) ts.forEachChild(node, visit);
  };
  visit(parse(path, text));
  if (!array || !ts.isArrayLiteralExpression(array))
    throw new SchematicsException(`${path}: ${describe} not found`);
  const elements = array.elements;
  if (elements.some((node) => node.getText() === element)) return;
  const recorder = tree.beginUpdate(path);
  if (!elements.length) {
    recorder.insertLeft(array.getEnd() - 1, element);
  } else {
    const last = elements[elements.length - 1];
    const multiline = text
      .slice(array.getStart(), array.getEnd())
      .includes('\n');
    const lineStart = text.lastIndexOf('\n', last.getStart()) + 1;
    const indent = text.slice(lineStart, last.getStart());
    const separator = multiline ? `,\n${indent}` : ', ';
    // A trailing comma stays after the new last element.
    const trailing = elements.hasTrailingComma;
    recorder.insertRight(
      last.getEnd(),
      trailing ? `,\n${indent}${element}` : `${separator}${element}`,
    );
  }
  tree.commitUpdate(recorder);
}

/** `export const NAME = [...]` */
function constArray(name) {
  return (node) =>
    ts.isArrayLiteralExpression(node) &&
    ts.isVariableDeclaration(node.parent) &&
    ts.isIdentifier(node.parent.name) &&
    node.parent.name.text === name;
}

/** `@Module({ imports: [...] })` on the class AppModule: the imports array. */
function moduleImports(node) {
  if (
    !ts.isPropertyAssignment(node) ||
    !ts.isIdentifier(node.name) ||
    node.name.text !== 'imports'
  )
    return false;
  const call = node.parent?.parent;
  return (
    !!call &&
    ts.isCallExpression(call) &&
    ts.isIdentifier(call.expression) &&
    call.expression.text === 'Module'
  );
}

function registerModule(names, sourceRoot) {
  return (tree) => {
    const path = `${sourceRoot}/${APP_MODULE}`;
    addImport(
      tree,
      path,
      `import { ${names.Plural}Module } from './${names.plural}/${names.plural}.module.js';`,
    );
    appendToArray(
      tree,
      path,
      '@Module({ imports: [...] })',
      (node) => ts.isArrayLiteralExpression(node) && moduleImports(node.parent),
      `${names.Plural}Module`,
    );
    return tree;
  };
}

function registerEntity(names) {
  return (tree) => {
    const from = `'./${names.singular}.entity.js'`;
    addImport(
      tree,
      ENTITIES_INDEX,
      `import { ${names.Singular} } from ${from};`,
    );
    const text = read(tree, ENTITIES_INDEX);
    const exports = parse(ENTITIES_INDEX, text).statements.filter(
      ts.isExportDeclaration,
    );
    const line = `export { ${names.Singular} } from ${from};`;
    if (!text.includes(line)) {
      const recorder = tree.beginUpdate(ENTITIES_INDEX);
      recorder.insertRight(
        exports.length ? exports[exports.length - 1].getEnd() : text.length,
        `\n${line}`,
      );
      tree.commitUpdate(recorder);
    }
    appendToArray(
      tree,
      ENTITIES_INDEX,
      'export const ENTITIES = [...]',
      constArray('ENTITIES'),
      names.Singular,
    );
    return tree;
  };
}

function registerMigration(names, timestamp) {
  return (tree) => {
    const className = `${names.Plural}${timestamp}`;
    addImport(
      tree,
      MIGRATIONS_INDEX,
      `import { ${className} } from './${timestamp}-${names.plural}.js';`,
    );
    appendToArray(
      tree,
      MIGRATIONS_INDEX,
      'export const MIGRATIONS = [...]',
      constArray('MIGRATIONS'),
      className,
    );
    return tree;
  };
}

/** The table joins the tenant tables of docs/scaling.md: its row in the table and its create_distributed_table statement. */
function registerInScalingDoc(names) {
  return (tree) => {
    if (!tree.exists(SCALING_DOC)) return tree;
    let text = read(tree, SCALING_DOC);
    const statement = `SELECT create_distributed_table('${names.table}', 'organization_id', colocate_with => 'customers');`;
    if (text.includes(statement)) return tree;
    const statements = [
      ...text.matchAll(/^SELECT create_distributed_table\([^\n]*\);$/gm),
    ];
    const rows = [
      ...text.matchAll(
        /^\| `\w+` \| distributed by `organization_id`[^\n]*$/gm,
      ),
    ];
    if (!statements.length || !rows.length)
      throw new SchematicsException(
        `${SCALING_DOC}: no create_distributed_table statements to add ${names.table} to`,
      );
    const lastStatement = statements[statements.length - 1];
    const lastRow = rows[rows.length - 1];
    const row = `| \`${names.table}\` | distributed by \`organization_id\`, co-located with \`customers\` | tenant data (${names.pluralWords}), keyed \`(organization_id, id)\` |`;
    // The later position first, so the earlier one's index still holds.
    const edits = [
      [lastStatement.index + lastStatement[0].length, `\n${statement}`],
      [lastRow.index + lastRow[0].length, `\n${row}`],
    ].sort((a, b) => Number(b[0]) - Number(a[0]));
    for (const [at, insert] of edits)
      text = text.slice(0, Number(at)) + insert + text.slice(Number(at));
    tree.overwrite(SCALING_DOC, text);
    return tree;
  };
}

/**
 * The tenancy sweep tries every route of /swagger-json with organization A's ids, and fails on a
 * path id it has no fixture for: give it one of A's rows of the new resource, in its
 * `Object.assign(fixtures, { ... })`.
 */
function registerSweepFixture(names) {
  return (tree, context) => {
    if (!tree.exists(TENANCY_SWEEP)) return tree;
    const text = read(tree, TENANCY_SWEEP);
    let fixtures;
    const visit = (node) => {
      if (
        !fixtures &&
        ts.isCallExpression(node) &&
        node.expression.getText() === 'Object.assign' &&
        node.arguments.length === 2 &&
        node.arguments[0].getText() === 'fixtures' &&
        ts.isObjectLiteralExpression(node.arguments[1])
      ) {
        fixtures = node.arguments[1];
      } else if (!fixtures) ts.forEachChild(node, visit);
    };
    visit(parse(TENANCY_SWEEP, text));
    if (!fixtures) {
      context.logger.warn(
        `${TENANCY_SWEEP}: no Object.assign(fixtures, { ... }) found; give the sweep one of A's ${names.pluralWords} by hand`,
      );
      return tree;
    }
    const key = /^[a-z][a-z0-9]*$/.test(names.plural)
      ? names.plural
      : `'${names.plural}'`;
    if (
      fixtures.properties.some(
        (property) => property.name && property.name.getText() === key,
      )
    )
      return tree;
    const property = `${key}: String((await a.client.post<{ id: number }>('/api/${names.plural}', { name: 'A ${names.words}' })).body.id)`;
    const last = fixtures.properties[fixtures.properties.length - 1];
    const recorder = tree.beginUpdate(TENANCY_SWEEP);
    if (last) recorder.insertRight(last.getEnd(), `, ${property}`);
    else recorder.insertLeft(fixtures.getEnd() - 1, ` ${property} `);
    tree.commitUpdate(recorder);
    return tree;
  };
}

function templates(source, names, timestamp, destination) {
  return mergeWith(
    apply(url(source), [
      applyTemplates({ ...names, timestamp, strings }),
      move(destination),
    ]),
  );
}

/** @param {{ name: string; sourceRoot?: string; project?: string; skipImport?: boolean }} options @returns {Rule} */
function main(options) {
  return (tree) => {
    if (options.project && options.project !== 'api') {
      throw new SchematicsException(
        `tenant-resource writes into the api's layout; --project ${options.project} is not the api`,
      );
    }
    const sourceRoot = (options.sourceRoot || 'apps/api/src').replace(
      /\/+$/,
      '',
    );
    const names = namesOf(options.name);
    const feature = `${sourceRoot}/${names.plural}`;
    if (
      tree.getDir(feature).subfiles.length ||
      tree.getDir(feature).subdirs.length
    ) {
      throw new SchematicsException(`${feature} already exists`);
    }
    const timestamp = migrationTimestamp(tree);
    const rules = [
      templates('./files/feature', names, timestamp, feature),
      templates(
        './files/entity',
        names,
        timestamp,
        'libs/database/src/entities',
      ),
      templates(
        './files/migration',
        names,
        timestamp,
        'libs/database/src/migrations',
      ),
      templates('./files/e2e', names, timestamp, 'test/e2e'),
    ];
    if (!options.skipImport) {
      rules.push(
        registerModule(names, sourceRoot),
        registerEntity(names),
        registerMigration(names, timestamp),
        registerInScalingDoc(names),
        registerSweepFixture(names),
      );
    }
    return chain(rules);
  };
}

module.exports = { main, singularOf, namesOf };
