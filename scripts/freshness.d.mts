/** Types of scripts/freshness.mjs (plain JavaScript, run by npm start before anything is built). */
export declare function newestMtime(
  path: string,
  ignore?: (file: string) => boolean,
): number;
export declare function isStale(
  output: string,
  sources: string[],
  ignore?: (file: string) => boolean,
): boolean;
