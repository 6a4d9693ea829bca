/**
 * A static check of tenant scoping: finds the SQL text in the TypeScript sources and checks that
 * every occurrence of a distributed (tenant) table in it is scoped by organization_id.
 * Used by test/deploy/scaling.e2e-spec.ts; docs/scaling.md explains why (Citus router queries).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

export interface SqlStatement {
  /** file:line of the literal */
  where: string;
  sql: string;
}

const PLACEHOLDER = ' __expr__ ';

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return entry.name === 'migrations' || entry.name === 'node_modules'
        ? []
        : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts')
      ? [path]
      : [];
  });
}

/**
 * Every string and template literal of the files under `dirs` that mentions one of `tables`
 * after FROM / JOIN / UPDATE / INTO. Template substitutions that name a string constant of the
 * same file are inlined (`${COLUMNS}`); others become a neutral placeholder (they are fixed
 * fragments such as sort keys, never table references).
 */
export function findTenantSql(
  root: string,
  dirs: string[],
  tables: string[],
): SqlStatement[] {
  const mentions = new RegExp(
    `\\b(FROM|JOIN|UPDATE|INTO)\\s+(${tables.join('|')})\\b`,
    'i',
  );
  const found: SqlStatement[] = [];
  for (const file of dirs.flatMap((dir) => sourceFiles(join(root, dir)))) {
    const source = ts.createSourceFile(
      file,
      readFileSync(file, 'utf8'),
      ts.ScriptTarget.Latest,
      true,
    );
    const constants = new Map<string, string>();
    const collectConstants = (node: ts.Node): void => {
      if (
        ts.isVariableDeclaration(node) &&
        ts.isIdentifier(node.name) &&
        node.initializer &&
        ts.isStringLiteralLike(node.initializer)
      ) {
        constants.set(node.name.text, node.initializer.text);
      }
      ts.forEachChild(node, collectConstants);
    };
    collectConstants(source);
    const text = (node: ts.Node): string | undefined => {
      if (ts.isStringLiteralLike(node)) return node.text;
      if (ts.isTemplateExpression(node)) {
        return (
          node.head.text +
          node.templateSpans
            .map(
              (span) =>
                (ts.isIdentifier(span.expression)
                  ? (constants.get(span.expression.text) ?? PLACEHOLDER)
                  : PLACEHOLDER) + span.literal.text,
            )
            .join('')
        );
      }
      return undefined;
    };
    const visit = (node: ts.Node): void => {
      const sql = text(node);
      if (sql !== undefined && mentions.test(sql)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart());
        found.push({ where: `${relative(root, file)}:${line + 1}`, sql });
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return found;
}

const NOT_ALIASES = new Set(
  'where on left right inner outer full cross join natural lateral set group order limit offset returning using and or having window union for as select values default'.split(
    ' ',
  ),
);

/** Removes comments and the contents of string literals (their parentheses and words are not SQL). */
function normalise(sql: string): string {
  return sql.replace(/--[^\n]*/g, ' ').replace(/'(?:[^']|'')*'/g, "''");
}

interface Block {
  /** The block's own text: nested subqueries replaced by `(…)`, other parentheses kept. */
  text: string;
  /** The parenthesised group right after each INSERT INTO target: its column list. */
}

/** Splits a statement into query blocks: the statement itself and every parenthesised subquery. */
function blocks(sql: string): Block[] {
  const result: Block[] = [];
  const parse = (text: string): string => {
    let own = '';
    for (let i = 0; i < text.length; i += 1) {
      if (text[i] !== '(') {
        own += text[i];
        continue;
      }
      let depth = 1;
      let j = i + 1;
      for (; j < text.length && depth > 0; j += 1) {
        if (text[j] === '(') depth += 1;
        else if (text[j] === ')') depth -= 1;
      }
      const inner = text.slice(i + 1, j - 1);
      if (/^\s*(SELECT|WITH|VALUES)\b/i.test(inner)) {
        result.push({ text: parse(inner) });
        own += '(…)';
      } else {
        own += `(${parse(inner)})`;
      }
      i = j - 1;
    }
    return own;
  };
  result.unshift({ text: parse(sql) });
  return result;
}

class UnionFind {
  private readonly parent = new Map<string, string>();
  find(node: string): string {
    const parent = this.parent.get(node) ?? node;
    if (parent === node) return node;
    const root = this.find(parent);
    this.parent.set(node, root);
    return root;
  }
  union(a: string, b: string): void {
    this.parent.set(this.find(a), this.find(b));
  }
}

/**
 * Problems with the tenant scoping of one statement (empty when every occurrence of a tenant table
 * is scoped). In each query block: an INSERT target must list organization_id among its columns;
 * every other occurrence (FROM, JOIN, UPDATE, DELETE FROM, comma join) must be tied by equalities
 * on organization_id (`x.organization_id = $n`, `a.organization_id = c.organization_id`, ...) to a
 * parameter. An unqualified organization_id refers to the block's only tenant table.
 */
export function tenantScopeProblems(sql: string, tables: string[]): string[] {
  const problems: string[] = [];
  const tableAlternation = tables.join('|');
  for (const block of blocks(normalise(sql))) {
    const text = block.text;
    const scoped: { key: string; table: string }[] = [];
    const insertTargets = new Set<string>();

    for (const match of text.matchAll(
      new RegExp(
        `\\bINSERT\\s+INTO\\s+(${tableAlternation})\\b(?:\\s+AS\\s+\\w+)?\\s*\\(([^)]*)\\)`,
        'gi',
      ),
    )) {
      insertTargets.add(match[1].toLowerCase());
      if (!/\borganization_id\b/i.test(match[2]))
        problems.push(
          `INSERT INTO ${match[1]} without organization_id in its column list`,
        );
    }
    if (
      new RegExp(
        `\\bINSERT\\s+INTO\\s+(${tableAlternation})\\b(?!(?:\\s+AS\\s+\\w+)?\\s*\\()`,
        'i',
      ).test(text)
    ) {
      problems.push('INSERT INTO a tenant table without a column list');
    }
    const reference = new RegExp(
      `(?:\\bFROM|\\bJOIN|\\bUPDATE|,)\\s+(${tableAlternation})\\b(?:\\s+(?:AS\\s+)?(\\w+))?`,
      'gi',
    );
    for (const match of text.matchAll(reference)) {
      const table = match[1].toLowerCase();
      const alias =
        match[2] && !NOT_ALIASES.has(match[2].toLowerCase())
          ? match[2].toLowerCase()
          : undefined;
      scoped.push({ key: alias ?? table, table });
    }
    if (scoped.length === 0) continue;

    // Equalities on organization_id: SET clauses assign, they do not filter.
    const predicates = text.replace(
      /\bSET\b[\s\S]*?(?=\bWHERE\b|\bRETURNING\b|$)/gi,
      ' ',
    );
    const operand = String.raw`(?:(\w+)\.)?(organization_id)\b|(\$\d+)`;
    const equality = new RegExp(
      `(?:${operand})(?:::\\w+)?\\s*=\\s*(?:${operand})`,
      'gi',
    );
    const nodes = new UnionFind();
    const relationOf = (qualifier: string | undefined): string => {
      if (qualifier) return `rel:${qualifier.toLowerCase()}`;
      const candidates = [...new Set(scoped.map((entry) => entry.key))];
      return candidates.length === 1 ? `rel:${candidates[0]}` : 'unqualified';
    };
    for (const match of predicates.matchAll(equality)) {
      const [
        ,
        leftQualifier,
        leftColumn,
        leftParam,
        rightQualifier,
        rightColumn,
        rightParam,
      ] = match;
      if (!leftColumn && !rightColumn) continue;
      const left = leftParam ? 'param' : relationOf(leftQualifier);
      const right = rightParam ? 'param' : relationOf(rightQualifier);
      nodes.union(left, right);
    }
    for (const { key, table } of scoped) {
      if (nodes.find(`rel:${key}`) !== nodes.find('param')) {
        problems.push(
          `${table}${key === table ? '' : ` (${key})`} is not scoped by organization_id in: ${text.replace(/\s+/g, ' ').trim().slice(0, 160)}`,
        );
      }
    }
  }
  return problems;
}

/**
 * Every variant of `sql` with one organization_id filter removed: each equality involving
 * organization_id replaced by TRUE, each organization_id dropped from an INSERT column list.
 */
export function withOneFilterRemoved(sql: string): string[] {
  const variants: string[] = [];
  const operand = String.raw`(?:\w+\.)?organization_id\b|\$\d+`;
  const equality = new RegExp(
    `(?:${operand})(?:::\\w+)?\\s*=\\s*(?:${operand})`,
    'gi',
  );
  for (const match of sql.matchAll(equality)) {
    if (!/organization_id/i.test(match[0])) continue;
    variants.push(
      sql.slice(0, match.index) +
        'TRUE' +
        sql.slice(match.index + match[0].length),
    );
  }
  for (const match of sql.matchAll(
    /\bINSERT\s+INTO\s+\w+(?:\s+AS\s+\w+)?\s*\(\s*organization_id\s*,/gi,
  )) {
    variants.push(
      sql.slice(0, match.index) +
        match[0].replace(/organization_id\s*,/i, '') +
        sql.slice(match.index + match[0].length),
    );
  }
  return variants;
}
