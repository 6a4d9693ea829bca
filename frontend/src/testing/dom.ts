/**
 * DOM look-ups for unit tests. A missing element fails the test right there with the selector in
 * the message, instead of a non-null assertion turning it into a TypeError a few lines later.
 */
export function query<K extends keyof HTMLElementTagNameMap>(
  root: ParentNode,
  selector: K,
): HTMLElementTagNameMap[K];
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the element type it expects, as with querySelector<T>
export function query<T extends Element = HTMLElement>(root: ParentNode, selector: string): T;
export function query(root: ParentNode, selector: string): Element {
  const found = root.querySelector(selector);
  if (!found) throw new Error(`No element matches ${selector}`);
  return found;
}
