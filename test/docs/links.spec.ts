import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const ROOT = join(__dirname, '../..');
const DOCUMENTS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** The text outside fenced code blocks and inline code spans: a `[x](y)` there is not a link. */
function prose(markdown: string): string {
  return markdown
    .replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')
    .replace(/`[^`\n]*`/g, '');
}

/** Inline links `[text](target "title")` and reference definitions `[label]: target`. */
function linkTargets(markdown: string): string[] {
  const text = prose(markdown);
  const inline = [
    ...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g),
  ].map((match) => match[1]);
  const references = [
    ...text.matchAll(/^ {0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)/gm),
  ].map((match) => match[1]);
  return [...inline, ...references];
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, -1, -2 for repeats. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of prose(markdown).matchAll(
    /^#{1,6}\s+(.+?)\s*#*\s*$/gm,
  )) {
    const slug = heading
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    result.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return result;
}

/** Every relative link of `document` that leads nowhere: a missing file, or a missing heading in an existing one. */
function brokenLinks(document: string): string[] {
  const markdown = readFileSync(join(ROOT, document), 'utf8');
  const broken: string[] = [];
  for (const target of linkTargets(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:, ...: not ours to resolve
    const [path, fragment] = target.split('#', 2) as [
      string,
      string | undefined,
    ];
    const file = path
      ? join(ROOT, dirname(document), decodeURIComponent(path))
      : join(ROOT, document);
    if (relative(ROOT, file).startsWith('..') || !existsSync(file)) {
      broken.push(target);
    } else if (
      fragment &&
      file.endsWith('.md') &&
      statSync(file).isFile() &&
      !anchors(readFileSync(file, 'utf8')).has(
        decodeURIComponent(fragment).toLowerCase(),
      )
    ) {
      broken.push(target);
    }
  }
  return broken;
}

describe('README and docs/*.md', () => {
  it.each(DOCUMENTS)(
    '%s: every relative link resolves to a file (and heading) of the repository',
    (document) => {
      expect(brokenLinks(document)).toEqual([]);
    },
  );

  it('finds links at all: a checker that sees none proves nothing', () => {
    const targets = DOCUMENTS.flatMap((document) =>
      linkTargets(readFileSync(join(ROOT, document), 'utf8')),
    );
    expect(targets).toEqual(
      expect.arrayContaining(['docs/scaling.md', '#sessions-and-passwords']),
    );
  });
});
