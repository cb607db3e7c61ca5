import { type WardenPlugin, zSecret } from '@warden/core';
import { wardenConfigSchemas as core } from '@warden/core/schemas';
import { z } from 'zod';
import { configFileSchema } from './file-schema.js';
import { BUNDLED_PLUGINS } from './plugins.js';
import { listRegistrations, type Registration, type RegistrationKind } from './registrations.js';

/** A JSON Schema document (draft-07), as plain data. */
export type JsonSchema = { [key: string]: unknown };

// zod adds its own names for some string checks (`format: 'starts_with'`) next to the pattern
// that does the check; strict validators such as Ajv refuse unknown formats, so only draft-07's stay.
const DRAFT_07_FORMATS: ReadonlySet<string> = new Set(
  'date-time date time email idn-email hostname idn-hostname ipv4 ipv6 uri uri-reference iri iri-reference uri-template json-pointer relative-json-pointer regex'.split(
    ' ',
  ),
);

/** How a YAML or JSON config writes a secret (the CLI turns it into `secret.env()` / `secret.file()`). */
const SECRET_REF: JsonSchema = {
  type: 'object',
  oneOf: [
    { properties: { env: { type: 'string', minLength: 1, description: 'Environment variable to read' } }, required: ['env'] },
    { properties: { file: { type: 'string', minLength: 1, description: 'File to read, relative to the config' } }, required: ['file'] },
  ],
  maxProperties: 1,
};

// A plugin's credential field (`zSecret()`): a secret is a class instance, which JSON Schema
// cannot describe; in a config file it is written as a SecretRef.
const SECRET = zSecret({ allowString: false });

const OPTIONS: Parameters<typeof z.toJSONSchema>[1] = {
  target: 'draft-7',
  io: 'input',
  unrepresentable: 'any',
  override: ({ zodSchema, jsonSchema }) => {
    if ((zodSchema as unknown) === SECRET) Object.assign(jsonSchema, SECRET_REF);
    if (typeof jsonSchema.format === 'string' && !DRAFT_07_FORMATS.has(jsonSchema.format)) delete jsonSchema.format;
  },
};

/** Warden's own schemas: a failure to convert one is a bug, so it is not hidden. */
const fromCore = (schema: z.ZodType): JsonSchema => {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, OPTIONS) as JsonSchema;
  return rest;
};

/** A plugin's schema: one JSON Schema cannot express is left open (Warden still validates it). */
const fromPlugin = (schema: z.ZodType): JsonSchema => {
  try {
    return fromCore(schema);
  } catch {
    return {};
  }
};

const propertiesOf = (schema: JsonSchema): Record<string, JsonSchema> => schema.properties as Record<string, JsonSchema>;
const list = (items: JsonSchema, description?: string): JsonSchema => ({ type: 'array', items, ...(description ? { description } : {}) });

/**
 * `base` with `<field>` one of the registered names and, per name, `params` described by that
 * registration's schema when `<field>` is that name.
 */
function withDispatch(base: JsonSchema, registrations: readonly Registration[], kind: RegistrationKind, field: string): JsonSchema {
  const own = registrations.filter((r) => r.kind === kind);
  const cases = own
    .filter((r) => r.params !== undefined)
    .map((r) => ({
      if: { properties: { [field]: { const: r.name } }, required: [field] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keywords
      then: { properties: { params: { ...fromPlugin(r.params as z.ZodType), ...(r.description ? { description: r.description } : {}) } } },
    }));
  return {
    ...base,
    properties: { ...propertiesOf(base), [field]: { type: 'string', enum: own.map((r) => r.name) } },
    // draft-07 wants a non-empty allOf: leave it out when nothing has a params schema.
    ...(cases.length > 0 ? { allOf: cases } : {}),
  };
}

/** `plugins: { snmp: {…}, ssh: {…}, cloud: {…} }` from each bundled plugin's options schema, or (JS/TS) a list of instances. */
function pluginsSchema(): JsonSchema {
  const byName: Record<string, JsonSchema> = {};
  for (const [name, make] of Object.entries(BUNDLED_PLUGINS)) {
    const schema = make().optionsSchema;
    byName[name] = {
      anyOf: [schema ? fromPlugin(schema) : { type: 'object' }, { type: 'null' }],
      description: `Load @warden/plugin-${name} with these options (empty for the defaults)`,
    };
  }
  return {
    description: 'Bundled plugins to load, by name, with their options; a JS/TS config may give a list of plugin instances',
    anyOf: [{ type: 'object', properties: byName, additionalProperties: false }, { type: 'array' }],
  };
}

/**
 * The JSON Schema of a config file, for editor completion (`# yaml-language-server: $schema=…`
 * or VS Code's `json.schemas`), built from the zod schemas Warden validates with
 * (`@warden/core/schemas`): every field of `createWarden()` options, assets, collections,
 * checks, maintenance windows, notification routes, remediation rules and `serve`; the
 * collector, probe, action and notifier names of core and the given plugins with the params of
 * each; the plugins' connection blocks on assets; and the bundled plugins' options.
 * What JSON Schema cannot say (one form per check, cron patterns, selectors' syntax) Warden
 * checks when the config is loaded.
 *
 * @param plugins - plugin instances whose names and schemas to include @defaultValue the bundled snmp, ssh and cloud plugins with default options
 * @returns the schema (draft-07)
 * @example
 * ```ts
 * await writeFile('warden.schema.json', JSON.stringify(configJsonSchema(), null, 2));
 * ```
 */
export function configJsonSchema(plugins?: readonly WardenPlugin[]): JsonSchema {
  const instances = plugins ?? Object.values(BUNDLED_PLUGINS).map((make) => make());
  const registrations = listRegistrations(instances);
  const root = fromCore(configFileSchema);
  const properties = propertiesOf(root);

  // createWarden() options sit at the top level of the file, next to the sections.
  const { plugins: _plugins, ...wardenOptions } = propertiesOf(fromCore(core.options));
  for (const [key, schema] of Object.entries(wardenOptions)) if (key in properties) properties[key] = schema;
  properties.plugins = pluginsSchema();

  const asset = fromCore(core.asset);
  const blocks: Record<string, JsonSchema> = {};
  for (const plugin of instances) if (plugin.assetConfig) blocks[plugin.name] = fromPlugin(plugin.assetConfig);
  properties.assets = list(
    { ...asset, properties: { ...propertiesOf(asset), ...blocks } },
    'The inventory: assets.add() for each entry, with the plugins’ connection blocks',
  );
  properties.collect = list(withDispatch(fromCore(core.collect), registrations, 'collector', 'collector'), 'Collections: warden.collect()');
  properties.checks = list(withDispatch(fromCore(core.check), registrations, 'probe', 'probe'), 'Checks: warden.check()');

  const maintenance = fromCore(core.maintenance);
  properties.maintenance = list(
    { ...maintenance, required: ['assets'] },
    'Maintenance windows: { assets, checks?, from, to } or { assets, checks?, cron, duration, timezone? }',
  );

  const route = withDispatch(fromCore(core.notify), registrations, 'notifier', 'notifier');
  const escalate = propertiesOf(route).escalate as JsonSchema & { items: JsonSchema };
  propertiesOf(route).escalate = { ...escalate, items: withDispatch(escalate.items, registrations, 'notifier', 'notifier') };
  properties.notify = list(route, 'Notification routes: warden.notify()');

  const rule = withDispatch(fromCore(core.remediate), registrations, 'action', 'action');
  const steps = propertiesOf(rule).steps as JsonSchema & { items: JsonSchema };
  propertiesOf(rule).steps = { ...steps, items: withDispatch(steps.items, registrations, 'action', 'action') };
  properties.remediate = list(rule, 'Remediation rules: warden.remediate()');

  const serve = fromCore(core.serve);
  properties.serve = {
    ...serve,
    description: 'warden run serves /health/live, /health/ready, /metrics, /incidents and POST /submit',
    properties: {
      ...propertiesOf(serve),
      token: { anyOf: [propertiesOf(serve).token, SECRET_REF], description: 'Bearer token every request needs' },
    },
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Warden configuration (warden check / run / discover)',
    ...root,
  };
}
