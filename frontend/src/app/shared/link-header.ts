/** The `rel="next"` target of a Link header (`<…>; rel="next"`), or null on the last page. */
export function nextLink(header: string | null): string | null {
  if (!header) return null;
  for (const part of header.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(part.trim());
    if (match) return match[1];
  }
  return null;
}

/** The cursor query parameter of a next link. */
export function nextCursor(header: string | null): string | null {
  const link = nextLink(header);
  return link ? new URL(link, 'http://placeholder').searchParams.get('cursor') : null;
}
