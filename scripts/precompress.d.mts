/** Types of scripts/precompress.mjs (plain JavaScript, run by the portal's build). */
export declare const TEXT_EXTENSIONS: ReadonlySet<string>;
export interface Precompressed {
  file: string;
  size: number;
  '.br'?: number;
  '.gz'?: number;
}
export declare function precompress(dir: string): Promise<Precompressed[]>;
