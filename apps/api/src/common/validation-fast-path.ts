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
