/** The largest page a client may ask for (`limit`), and the most LIST_DEFAULT_LIMIT may be. */
export const MAX_PAGE_SIZE = 1000;

/**
 * The default of LIST_DEFAULT_LIMIT, the page size when `limit` is absent. The seed's clients
 * never page, so an absent limit answers lists of ordinary size whole.
 */
export const DEFAULT_LIST_LIMIT = 1000;
