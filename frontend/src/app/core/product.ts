/**
 * The portal's product name: the header's brand, the sign-in and register pages, and the end of
 * every browser tab's title (PageTitle). index.html's static <title> repeats it for the first paint.
 */
export const PRODUCT_NAME = 'Ledgerline Admin';
