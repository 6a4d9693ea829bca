/**
 * The configuration is parsed once by libs/config (parseEnv) for the api and the worker alike;
 * the api's code names its shape from here, as ConfigService<AllConfig, true>.
 */
export type { AllConfig } from '@app/config';
