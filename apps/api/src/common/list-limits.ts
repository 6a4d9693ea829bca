/** The list limits live with the configuration schema, which bounds LIST_DEFAULT_LIMIT by them. */
export { DEFAULT_LIST_LIMIT, MAX_PAGE_SIZE } from '@app/config';
