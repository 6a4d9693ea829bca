// class-transformer 0.5.1 (pinned) declares no types for its internal modules: these are the two
// the validation fast path reads (validation-fast-path.ts), as the library's executor reads them.
declare module 'class-transformer/cjs/storage.js' {
  import type { MetadataStorage } from 'class-transformer/types/MetadataStorage.js';

  export const defaultMetadataStorage: MetadataStorage;
}

declare module 'class-transformer/cjs/constants/default-options.constant.js' {
  import type { ClassTransformOptions } from 'class-transformer';

  export const defaultOptions: ClassTransformOptions;
}
