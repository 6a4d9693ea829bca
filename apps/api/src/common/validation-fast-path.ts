import {
  type ClassTransformOptions,
  TransformationType,
  type TransformFnParams,
} from 'class-transformer';
import { defaultOptions } from 'class-transformer/cjs/constants/default-options.constant.js';
import { defaultMetadataStorage } from 'class-transformer/cjs/storage.js';
import {
  getMetadataStorage,
  type ValidationArguments,
  ValidationTypes,
} from 'class-validator';

/** One constraint of a property: class-validator's own implementation and its arguments. */
interface Check {
  validate: (value: unknown, args: ValidationArguments) => unknown;
  constraints: unknown[];
}

interface PropertyPlan {
  name: string;
  /** `@IsOptional()` / `@ValidateIf()`: when one answers false, the property is not validated. */
  conditions: ((object: object, value: unknown) => unknown)[];
  checks: Check[];
}

/** A DTO class's validation, read once from class-validator's metadata. */
export interface ValidationPlan {
  targetName: string;
  allowed: ReadonlySet<string>;
  properties: PropertyPlan[];
}

/** The metadata kinds the fast path runs itself; any other (nested, promise, `each`, groups) makes it step aside. */
const RUN_HERE = new Set<string>([
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.CONDITIONAL_VALIDATION,
  ValidationTypes.IS_DEFINED,
  ValidationTypes.WHITELIST,
]);

const plans = new WeakMap<object, ValidationPlan | null>();

function buildPlan(target: new () => object): ValidationPlan | null {
  const storage = getMetadataStorage();
  // The same call, with the same options (no groups, no `always`), class-validator's executor makes.
  const metadatas = storage.getTargetValidationMetadatas(
    target,
    '',
    false,
    false,
  );
  if (metadatas.length === 0) return null; // forbidUnknownValues: class-validator's error
  const byProperty = storage.groupByPropertyName(metadatas);
  const properties: PropertyPlan[] = [];
  for (const [name, own] of Object.entries(byProperty)) {
    const plan: PropertyPlan = { name, conditions: [], checks: [] };
    for (const metadata of own) {
      if (
        !RUN_HERE.has(metadata.type) ||
        metadata.each ||
        (metadata.groups as string[] | undefined)?.length ||
        metadata.always !== undefined
      )
        return null;
      if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) {
        plan.conditions.push(
          metadata.constraints[0] as PropertyPlan['conditions'][number],
        );
      } else if (metadata.type !== ValidationTypes.WHITELIST) {
        for (const constraint of storage.getTargetValidatorConstraints(
          metadata.constraintCls,
        )) {
          if (constraint.async) return null;
          const instance = constraint.instance as {
            validate: Check['validate'];
          };
          plan.checks.push({
            validate: (value, args) => instance.validate(value, args),
            constraints: metadata.constraints,
          });
        }
      }
    }
    properties.push(plan);
  }
  return {
    targetName: target.name,
    allowed: new Set(Object.keys(byProperty)),
    properties,
  };
}

/** The plan of a DTO class (built on first use), or null when the fast path does not apply to it. */
export function validationPlan(
  target: new () => object,
): ValidationPlan | null {
  let plan = plans.get(target);
  if (plan === undefined) {
    plan = buildPlan(target);
    plans.set(target, plan);
  }
  return plan;
}

/**
 * True when class-validator, with the pipe's options (whitelist, forbidNonWhitelisted, no
 * groups), would find nothing wrong with `object`: every own property is a declared one, and
 * every check of every property whose conditions hold answers exactly `true`, run by the same
 * constraint implementations with the same arguments as class-validator's executor. False means
 * "not sure": the caller hands the value to class-validator, which produces the errors (or, if
 * the fast path was too strict, accepts it). It never accepts what class-validator refuses: see
 * validation-fast-path.spec.ts, which compares the two on generated bodies of every DTO.
 */
export function passesPlan(plan: ValidationPlan, object: object): boolean {
  for (const key of Object.keys(object))
    if (!plan.allowed.has(key)) return false;
  const record = object as Record<string, unknown>;
  for (const property of plan.properties) {
    const value = record[property.name];
    if (!property.conditions.every((condition) => condition(object, value)))
      continue;
    for (const check of property.checks) {
      const args: ValidationArguments = {
        targetName: plan.targetName,
        property: property.name,
        object,
        value,
        constraints: check.constraints,
      };
      if (check.validate(value, args) !== true) return false;
    }
  }
  return true;
}

/**
 * How class-transformer's `plainToInstance` builds a DTO's instance from a flat value, read once
 * from its metadata: per declared property, its `@Transform` functions in the order the library
 * applies them. Null when the DTO uses anything else the library would act on (`@Type`,
 * `@Expose`, `@Exclude`, a strategy, grouped transforms, a property the prototype defines) or
 * when the options are not the defaults the plan assumes.
 */
export interface CopyPlan {
  target: new () => object;
  transforms: ReadonlyMap<string, ((params: TransformFnParams) => unknown)[]>;
  /** The options object class-transformer hands to every transform function. */
  options: ClassTransformOptions;
}

/** The options under which the copy is class-transformer's: nothing beyond the defaults and implicit conversion off. */
function copyableOptions(options: ClassTransformOptions): boolean {
  return (
    options.enableImplicitConversion !== true &&
    options.excludeExtraneousValues !== true &&
    !options.excludePrefixes?.length &&
    options.exposeDefaultValues !== true &&
    options.exposeUnsetFields !== false &&
    !options.groups?.length &&
    options.ignoreDecorators !== true &&
    (options.strategy === undefined || options.strategy === 'exposeAll') &&
    options.targetMaps === undefined &&
    options.version === undefined &&
    options.enableCircularCheck !== true
  );
}

/** Per options object (the pipe's), per DTO class. */
const copyPlans = new WeakMap<object, WeakMap<object, CopyPlan | null>>();

function buildCopyPlan(
  target: new () => object,
  properties: Iterable<string>,
  transformOptions: ClassTransformOptions,
): CopyPlan | null {
  const options = { ...defaultOptions, ...transformOptions };
  if (!copyableOptions(options)) return null;
  const storage = defaultMetadataStorage;
  const toClass = TransformationType.PLAIN_TO_CLASS;
  if (
    storage.getStrategy(target) !== 'none' ||
    storage.getExposedMetadatas(target).length > 0 ||
    storage.getExcludedMetadatas(target).length > 0
  )
    return null;
  const sample = new target() as Record<string, unknown>;
  const transforms = new Map<
    string,
    ((params: TransformFnParams) => unknown)[]
  >();
  for (const name of properties) {
    const descriptor = Object.getOwnPropertyDescriptor(target.prototype, name);
    // Declared as always found; undefined when the property has no @Type.
    const typed: unknown = storage.findTypeMetadata(target, name);
    if (typed !== undefined || descriptor || sample[name] instanceof Function)
      return null;
    const metadatas = storage.findTransformMetadatas(target, name, toClass);
    if (metadatas.some((metadata) => metadata.options.groups?.length))
      return null;
    transforms.set(
      name,
      metadatas.map((metadata) => metadata.transformFn),
    );
  }
  return { target, transforms, options };
}

/** The copy plan of a DTO class with its validation plan (built on first use), or null when the copy does not apply. */
export function copyPlan(
  plan: ValidationPlan,
  target: new () => object,
  transformOptions: ClassTransformOptions,
): CopyPlan | null {
  let byTarget = copyPlans.get(transformOptions);
  if (!byTarget) {
    byTarget = new WeakMap();
    copyPlans.set(transformOptions, byTarget);
  }
  let copy = byTarget.get(target);
  if (copy === undefined) {
    copy = buildCopyPlan(target, plan.allowed, transformOptions);
    byTarget.set(target, copy);
  }
  return copy;
}

/**
 * The instance class-transformer's `plainToInstance(target, value, options)` builds for a flat
 * value (strings, numbers, booleans, null; no `__proto__` or `constructor` key) whose keys are
 * all declared properties, built the same way: a new instance, then each of the value's keys in
 * order, run through the property's transforms with the same arguments. Undefined when the value
 * has a key the DTO does not declare (class-transformer would copy it; validation refuses it).
 * validation-fast-path.spec.ts compares the two on generated values of every DTO.
 */
export function copyToInstance(
  copy: CopyPlan,
  value: Record<string, unknown>,
): object | undefined {
  const instance = new copy.target() as Record<string, unknown>;
  for (const key of Object.keys(value)) {
    const transforms = copy.transforms.get(key);
    if (!transforms) return undefined;
    let field = value[key];
    for (const transform of transforms)
      field = transform({
        value: field,
        key,
        obj: value,
        type: TransformationType.PLAIN_TO_CLASS,
        options: copy.options,
      });
    instance[key] = field;
  }
  return instance;
}
