/**
 * `@warden/core/schemas`: the zod schemas Warden validates its configuration with — the same
 * instances `createWarden()`, `assets.add()`, `collect()`, `check()`, `maintenance()`,
 * `notify()`, `remediate()`, `change()` and `serve()` use — for tools that describe a
 * configuration: JSON Schema for editor completion (`z.toJSONSchema(schema, { io: 'input',
 * unrepresentable: 'any' })`), form builders, config linters.
 *
 * They check the shape each method takes; what needs Warden's registries (plugin names, a
 * probe's params, selectors, cron patterns, the one-form rule of checks) is checked when the
 * method runs. Fields that hold a function or an object (`run`, `clock`, `approve`) become
 * "anything" in JSON Schema; durations (`'30s'` or milliseconds) are `number | string` on input.
 *
 * @example
 * ```ts
 * import { z } from 'zod';
 * import { checkSpecSchema } from '@warden/core/schemas';
 * const json = z.toJSONSchema(checkSpecSchema, { io: 'input', unrepresentable: 'any' });
 * ```
 *
 * @packageDocumentation
 */
import type { z } from 'zod';
import { assetBaseSchema as assetBase } from '../assets/schema.js';
import { changeSchema } from '../change/change-spec.js';
import { serveSchema } from '../http/options.js';
import { specSchema as maintenanceSchema } from '../maintenance/validate.js';
import { routeSchema } from '../notifications/validate.js';
import { ruleSchema } from '../remediation/rule-spec.js';
import { wardenOptionsSchema as wardenOptions } from '../warden/options.js';
import { checkSpecSchema as checkSpec, collectSpecSchema as collectSpec } from '../warden/specs.js';

/**
 * A configuration schema: a strict zod object (unknown keys are refused), some with
 * refinements across fields that JSON Schema leaves out.
 */
export type WardenConfigSchema = z.ZodObject<z.core.$ZodShape, z.core.$strict>;

/**
 * `createWarden()` options. `plugins`, `clock`, `logger`, `executor` and `store` are objects
 * (anything in JSON Schema); durations are `'15s'` or milliseconds.
 */
export const wardenOptionsSchema: WardenConfigSchema = wardenOptions;

/**
 * An asset's own fields (`id`, `kind`, `name`, `address`, `labels`, `dependsOn`, `lifecycle`,
 * `facts`). Strict: plugins' connection blocks (`snmp`, `ssh`) are validated by each plugin's
 * `assetConfig` schema and are not part of it.
 */
export const assetBaseSchema: WardenConfigSchema = assetBase;

/** `warden.collect()` specs: the shared fields; the collector's `params` by its own schema. */
export const collectSpecSchema: WardenConfigSchema = collectSpec;

/**
 * `warden.check()` specs, every form's fields (probe, run, metric, passive, aggregate) in one
 * strict object; its refinements require exactly one form. A probe's `params` are checked by
 * the probe's own schema.
 */
export const checkSpecSchema: WardenConfigSchema = checkSpec;

/**
 * `warden.maintenance()` windows: `{ assets, checks?, from, to }` or
 * `{ assets, checks?, cron, duration, timezone? }`. The selector and schedule fields are checked
 * by hand after this schema (every issue reported at once), so they are open here.
 */
export const maintenanceSpecSchema: WardenConfigSchema = maintenanceSchema;

/** `warden.notify()` routes; the notifier's `params` by the notifier's own schema. */
export const notificationRouteSchema: WardenConfigSchema = routeSchema;

/**
 * `warden.remediate()` rules: `action` (+ `params`) or `steps`, and the `policy`. The actions
 * and the check they name are checked when the rule is registered.
 */
export const remediationRuleSchema: WardenConfigSchema = ruleSchema;

/** `warden.change()` specs: an action run only inside its maintenance window. */
export const changeSpecSchema: WardenConfigSchema = changeSchema;

/** `warden.serve()` options (`port`, `host`, `token`, `health`, `metrics`). */
export const serveOptionsSchema: WardenConfigSchema = serveSchema;

/** Every configuration schema by what it configures. */
export interface WardenConfigSchemas {
  /** {@link wardenOptionsSchema} */
  options: WardenConfigSchema;
  /** {@link assetBaseSchema} */
  asset: WardenConfigSchema;
  /** {@link collectSpecSchema} */
  collect: WardenConfigSchema;
  /** {@link checkSpecSchema} */
  check: WardenConfigSchema;
  /** {@link maintenanceSpecSchema} */
  maintenance: WardenConfigSchema;
  /** {@link notificationRouteSchema} */
  notify: WardenConfigSchema;
  /** {@link remediationRuleSchema} */
  remediate: WardenConfigSchema;
  /** {@link changeSpecSchema} */
  change: WardenConfigSchema;
  /** {@link serveOptionsSchema} */
  serve: WardenConfigSchema;
}

/**
 * Every configuration schema by what it configures, for tools that walk them all.
 *
 * @example
 * ```ts
 * for (const [name, schema] of Object.entries(wardenConfigSchemas))
 *   console.log(name, Object.keys(z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }).properties ?? {}));
 * ```
 */
export const wardenConfigSchemas: Readonly<WardenConfigSchemas> = Object.freeze({
  options: wardenOptionsSchema,
  asset: assetBaseSchema,
  collect: collectSpecSchema,
  check: checkSpecSchema,
  maintenance: maintenanceSpecSchema,
  notify: notificationRouteSchema,
  remediate: remediationRuleSchema,
  change: changeSpecSchema,
  serve: serveOptionsSchema,
});
