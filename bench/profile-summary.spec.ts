import { describe, expect, it } from '@jest/globals';
import { summarize } from './lib/profile-summary.mjs';

const frame = (functionName: string, url: string) => ({
  callFrame: { functionName, url },
});

/** root → handler (api) → verify (fast-jwt) → writev (native); handler → recurse → recurse (api). */
const PROFILE = {
  nodes: [
    { id: 1, ...frame('(root)', ''), children: [2] },
    {
      id: 2,
      ...frame('handler', 'file:///srv/dist/apps/api/0.main.js'),
      children: [3, 5],
    },
    {
      id: 3,
      ...frame('verify', 'file:///srv/node_modules/fast-jwt/src/verifier.js'),
      children: [4],
    },
    { id: 4, ...frame('writev', ''), children: [] },
    {
      id: 5,
      ...frame('recurse', 'file:///srv/dist/apps/api/0.main.js'),
      children: [6],
    },
    {
      id: 6,
      ...frame('recurse', 'file:///srv/dist/apps/api/0.main.js'),
      children: [],
    },
  ],
  // 10 samples: 5 in writev, 2 in verify, 2 in the inner recurse, 1 in handler.
  samples: [4, 4, 4, 4, 4, 3, 3, 6, 6, 2],
};

describe('profile summary', () => {
  const summary = summarize(PROFILE);

  it('attributes self time to packages: native, node_modules by name, the api bundle', () => {
    expect(summary.samples).toBe(10);
    expect(summary.selfByPackage).toEqual([
      { share: 50, name: '(native)' },
      { share: 30, name: 'api' },
      { share: 20, name: 'fast-jwt' },
    ]);
    expect(summary.selfByFunction[0]).toEqual({
      share: 50,
      name: 'writev (native)',
    });
  });

  it('counts a function once per sample in its inclusive time, however deep it recurses', () => {
    const inclusive = Object.fromEntries(
      summary.inclusiveByFunction.map(({ name, share }) => [name, share]),
    );
    expect(inclusive).toMatchObject({
      'handler api': 100,
      'verify fast-jwt': 70,
      'recurse api': 20,
      '(root) (native)': 100,
    });
  });
});
