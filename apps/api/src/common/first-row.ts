/**
 * A statement's first row as an entity, or undefined when it answered none (a row of another
 * organization, or none at all): what a repository's findById and UPDATE ... RETURNING answer.
 */
export async function firstRow<R, E>(
  rows: Promise<R[]>,
  toEntity: (row: R) => E,
): Promise<E | undefined> {
  const row = (await rows).at(0);
  return row && toEntity(row);
}
