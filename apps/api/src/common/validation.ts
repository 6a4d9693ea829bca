import {
  type ArgumentMetadata,
  BadRequestException,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import {
  copyPlan,
  copyToInstance,
  passesPlan,
  validationPlan,
} from './validation-fast-path.js';

export interface FieldError {
  field: string;
  message: string;
}

/** The contract's `error` for a 400: a sentence naming the first problem (`"password: must be at least 8 characters"`). */
export function describeFirstProblem(details: FieldError[]): string {
  const first = details.at(0);
  if (!first) return 'Invalid request';
  return first.field ? `${first.field}: ${first.message}` : first.message;
}

/** A 400 carrying one entry per problem: `{ field, message }`; its message names the first one. */
export class RequestValidationError extends BadRequestException {
  constructor(readonly details: FieldError[]) {
    super(describeFirstProblem(details));
  }
}

/**
 * class-validator's default messages ("password must be longer than or equal to 8 characters"),
 * reworded once here for people, so that every DTO (ours and the auth module's) reads the same
 * without a custom message on each decorator. Messages a DTO sets itself pass through unchanged.
 */
const REWORDINGS: [RegExp, string][] = [
  [
    /^must be longer than or equal to (\d+) and shorter than or equal to (\d+) characters$/,
    'must be $1 to $2 characters',
  ],
  [/^must be longer than or equal to 1 characters$/, 'must not be empty'],
  [
    /^must be longer than or equal to (\d+) characters$/,
    'must be at least $1 characters',
  ],
  [
    /^must be shorter than or equal to (\d+) characters$/,
    'must be at most $1 characters',
  ],
  [/^must not be less than (-?[\d.e+]+)$/, 'must be at least $1'],
  [/^must not be greater than (-?[\d.e+]+)$/, 'must be at most $1'],
  [/^must be an integer number$/, 'must be an integer'],
  [/^must be an email$/, 'must be a valid e-mail address'],
  [/^should not be empty$/, 'must not be empty'],
  [/^must be one of the following values: (.*)$/, 'must be one of: $1'],
  [/^must match .* regular expression$/, 'is not in the expected format'],
  [
    /^must be a number conforming to the specified constraints$/,
    'must be a number',
  ],
  [/^must be a boolean value$/, 'must be true or false'],
  [/^nested property .* must be either object or array$/, 'must be an object'],
];

function humanMessage(property: string, message: string): string {
  const own = message.startsWith(`${property} `)
    ? message.slice(property.length + 1)
    : message;
  for (const [pattern, replacement] of REWORDINGS) {
    if (pattern.test(own)) return own.replace(pattern, replacement);
  }
  return own;
}

/**
 * The rule to report when a field breaks several: its type first ("must be an integer" says more
 * about `"one"` than "must be at most 9007199254740991"), else the first one class-validator lists.
 * All rules run (no stopAtFirstError): class-validator runs a property's decorators bottom-up, so
 * "first" there would be the last rule written, not the most basic.
 */
const TYPE_RULES = [
  'isDefined',
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
  'isObject',
  'isArray',
  'isEnum',
  'isIn',
];

function mainRule(
  constraints: Record<string, string>,
): [string, string] | undefined {
  for (const rule of TYPE_RULES)
    if (rule in constraints) return [rule, constraints[rule]];
  return Object.entries(constraints)[0];
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own: FieldError[] = [];
    const rule = mainRule(error.constraints ?? {});
    if (rule?.[0] === 'whitelistValidation')
      own.push({ field, message: 'is not an allowed field' });
    // A required field that is absent fails its type rule ("must be a string"): say what is wrong.
    else if (rule && error.value === undefined)
      own.push({ field, message: 'is required' });
    else if (rule)
      own.push({ field, message: humanMessage(error.property, rule[1]) });
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * Text PostgreSQL cannot store: NUL (text columns and parameters reject it, 22021) and UTF-16
 * surrogates that are not part of a pair (they have no UTF-8 encoding; validator's isEmail throws
 * URIError on them). One linear regex pass per string.
 */
const UNSTORABLE =
  // eslint-disable-next-line no-control-regex -- NUL is the character PostgreSQL cannot store: matching it is the point
  /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function unstorableTextProblem(text: string): string | undefined {
  const match = UNSTORABLE.exec(text);
  if (!match) return undefined;
  return match[0] === '\u0000'
    ? 'must not contain NUL characters'
    : 'must be valid Unicode text (contains an unpaired surrogate)';
}

/** Field names are echoed in `details`; a name that is itself unstorable is shown with U+FFFD in its place. */
function printable(key: string): string {
  return key.replace(new RegExp(UNSTORABLE.source, 'g'), '\uFFFD');
}

/** Reported problems are capped: a body of a million bad strings gets a short answer. */
const MAX_TEXT_PROBLEMS = 20;

/**
 * Every string (and every property name) in a request value that PostgreSQL could not store, with
 * its field path (`name`, `items.0.email`), in the same form class-validator reports. Iterative and
 * linear in the size of the value, so any nesting depth the body parser lets through is safe.
 */
export function findUnstorableText(value: unknown, root = ''): FieldError[] {
  const problems: FieldError[] = [];
  const pending: [unknown, string][] = [[value, root]];
  let next = pending.pop();
  while (next !== undefined && problems.length < MAX_TEXT_PROBLEMS) {
    const [current, path] = next;
    if (typeof current === 'string') {
      const message = unstorableTextProblem(current);
      if (message) problems.push({ field: path, message });
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index -= 1)
        pending.push([
          current[index],
          path ? `${path}.${index}` : String(index),
        ]);
    } else if (current !== null && typeof current === 'object') {
      const keys = Object.keys(current);
      for (let index = keys.length - 1; index >= 0; index -= 1) {
        const key = keys[index];
        const keyProblem = unstorableTextProblem(key);
        const shown = keyProblem ? printable(key) : key;
        const field = path ? `${path}.${shown}` : shown;
        if (keyProblem)
          problems.push({ field, message: `field name ${keyProblem}` });
        else pending.push([(current as Record<string, unknown>)[key], field]);
      }
    }
    next = pending.pop();
  }
  return problems;
}

/**
 * The global pipe. Two things happen before class-validator sees a value:
 * - bodies, queries and path parameters are searched for text PostgreSQL cannot store (400 naming
 *   the field), so no DTO, validator or statement ever meets it;
 * - path parameters are passed on as the raw string: the built-in pipe would otherwise convert a
 *   `number` parameter with Number() ("0x10", "+1", "1e3", " 1" all become ids) before ParseIdPipe
 *   runs, and global pipes always run before parameter pipes. Each route parses its own ids.
 */
const NO_OPTIONS = {};

export class AppValidationPipe extends ValidationPipe {
  override async transform(
    value: unknown,
    metadata: ArgumentMetadata,
  ): Promise<unknown> {
    if (metadata.type === 'custom') return super.transform(value, metadata);
    const problems = findUnstorableText(value, metadata.data ?? '');
    if (problems.length > 0) throw new RequestValidationError(problems);
    if (metadata.type === 'param') return value;
    // A DTO describes an object: `5`, `"text"` or `[1, 2]` would otherwise read as "name: is required" or "0: is not an allowed field".
    if (
      metadata.type === 'body' &&
      metadata.data === undefined &&
      typeof metadata.metatype === 'function' &&
      this.toValidate(metadata) &&
      value != null &&
      (typeof value !== 'object' || Array.isArray(value))
    ) {
      throw new RequestValidationError([
        { field: '', message: 'Request body must be a JSON object' },
      ]);
    }
    return this.fastPath(value, metadata) ?? super.transform(value, metadata);
  }

  /**
   * The common case in a fraction of the time: a body or query that class-validator would accept,
   * checked by the DTO's plan (validation-fast-path.ts: class-validator's own constraints, called
   * directly, without its executor's per-call work). The instance is the one class-transformer
   * builds on the full path: copied by the DTO's copy plan (its `@Transform` functions, read from
   * class-transformer's metadata, applied as the library applies them, without its executor's
   * per-key metadata searches: ~80 µs of CPU per POST here), or by `plainToInstance` for a DTO the
   * copy does not cover. Anything the plan does not accept (or a DTO it does not cover) takes the
   * full path, which gives the errors.
   */
  private fastPath(
    value: unknown,
    metadata: ArgumentMetadata,
  ): object | undefined {
    const { metatype } = metadata;
    if (
      (metadata.type !== 'body' && metadata.type !== 'query') ||
      typeof metatype !== 'function' ||
      !this.toValidate(metadata) ||
      !isFlatRecord(value)
    )
      return undefined;
    const target = metatype as new () => object;
    const plan = validationPlan(target);
    if (!plan) return undefined;
    const options = this.transformOptions ?? NO_OPTIONS;
    const copy = copyPlan(plan, target, options);
    const instance = copy
      ? copyToInstance(copy, value)
      : plainToInstance(target, value, options);
    return instance && passesPlan(plan, instance) ? instance : undefined;
  }
}

/**
 * A JSON object or a parsed query whose values are all strings, numbers, booleans or null, and
 * without `__proto__` or `constructor` keys. Anything else takes the full path, where Nest strips
 * such keys at every depth before class-transformer copies nested values (a nested
 * `{"constructor": ...}` would otherwise break the copy). Every DTO of this API is flat, so a
 * nested value is an error anyway.
 */
function isFlatRecord(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype !== Object.prototype && prototype !== null) return false;
  if (Object.hasOwn(value, '__proto__')) return false;
  for (const [key, field] of Object.entries(value)) {
    if (key === 'constructor') return false;
    if (field !== null && typeof field === 'object') return false;
  }
  return true;
}

/** Unknown fields are rejected (not stripped), types are not coerced silently. */
export function createValidationPipe(): ValidationPipe {
  return new AppValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    exceptionFactory: (errors) => new RequestValidationError(flatten(errors)),
  });
}
