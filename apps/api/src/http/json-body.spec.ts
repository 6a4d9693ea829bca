import { describe, expect, it } from '@jest/globals';
import {
  jsonShapeProblem,
  MAX_JSON_DEPTH,
  MAX_JSON_VALUES,
} from './json-body.js';

const problem = (text: string) => jsonShapeProblem(Buffer.from(text));

describe('jsonShapeProblem', () => {
  it('accepts ordinary bodies', () => {
    expect(
      problem('{"username":"ann","password":"x","tags":[1,2,{"a":[]}]}'),
    ).toBeUndefined();
    expect(problem('')).toBeUndefined();
  });

  it(`allows ${MAX_JSON_DEPTH} levels and refuses one more`, () => {
    expect(
      problem(`${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`),
    ).toBeUndefined();
    expect(
      problem(`${'[{"a":'.repeat(16)}1${'}]'.repeat(16)}`),
    ).toBeUndefined();
    expect(problem('['.repeat(MAX_JSON_DEPTH + 1))).toMatch(
      /nested too deeply/,
    );
    expect(
      problem(
        `${'{"a":'.repeat(MAX_JSON_DEPTH + 1)}1${'}'.repeat(MAX_JSON_DEPTH + 1)}`,
      ),
    ).toMatch(/nested too deeply/);
  });

  it(`allows ${MAX_JSON_VALUES} values and refuses one more`, () => {
    expect(
      problem(`[${Array(MAX_JSON_VALUES).fill(1).join(',')}]`),
    ).toBeUndefined();
    expect(
      problem(
        `[${Array(MAX_JSON_VALUES + 1)
          .fill(1)
          .join(',')}]`,
      ),
    ).toMatch(/too many values/);
  });

  it('ignores brackets, braces, commas and escaped quotes inside strings', () => {
    const text = `${'[{,'.repeat(2000)}\\"\\\\\\"]}`;
    expect(problem(JSON.stringify({ text }))).toBeUndefined();
    // An escaped backslash before the closing quote ends the string: the brackets after it count.
    expect(problem(`["a\\\\",${'['.repeat(MAX_JSON_DEPTH)}`)).toMatch(
      /nested too deeply/,
    );
    // An escaped quote does not end it: the brackets after it are text.
    expect(problem(`["a\\",${'['.repeat(MAX_JSON_DEPTH)}"]`)).toBeUndefined();
  });

  it('treats multi-byte UTF-8 as text', () => {
    expect(
      problem(JSON.stringify({ name: '€[日本語]{😀}'.repeat(100) })),
    ).toBeUndefined();
  });
});
