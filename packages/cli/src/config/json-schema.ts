import type { WardenPlugin } from '@warden/core';
import { z } from 'zod';
import { configFileSchema } from './file-schema.js';
import { BUNDLED_PLUGINS } from './plugins.js';
import { listRegistrations, type Registration, type RegistrationKind } from './registrations.js';

/** A JSON Schema document (draft-07), as plain data. */
export type JsonSchema = { [key: string]: unknown };

const toJson = (schema: z.ZodType): JsonSchema => {
  try {
    const { $schema: _, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as JsonSchema;
    return rest;
  } catch {
    return {}; // a schema JSON Schema cannot express: accept anything, Warden still validates
  }
};

/** `{ <field>: one of the names }` plus, per name, the params schema when `<field>` is that name. */
function dispatch(registrations: readonly Registration[], kind: RegistrationKind, field: string): JsonSchema {
  const own = registrations.filter((r) => r.kind === kind);
  const cases = own
    .filter((r) => r.params !== undefined)
    .map((r) => ({
      if: { properties: { [field]: { const: r.name } }, required: [field] },
      // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keywords
      then: { properties: { params: { ...toJson(r.params as z.ZodType), ...(r.description ? { description: r.description } : {}) } } },
    }));
  return {
    properties: {
      [field]: { type: 'string', enum: own.map((r) => r.name) },
      params: { type: 'object' },
    },
    // draft-07 wants a non-empty allOf: leave it out when nothing has a params schema.
    ...(cases.length > 0 ? { allOf: cases } : {}),
  };
}

/**
 * The JSON Schema of a config file, for editor completion (`# yaml-language-server: $schema=…`
 * or VS Code's `json.schemas`): the file's sections, the collector, probe, action and notifier
 * names of core and the given plugins, the params of each (from their own zod schemas), and
 * the plugins' connection blocks on assets. Fields common to every check or collection are
 * left open: Warden validates them when the config is loaded.
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
  const root = z.toJSONSchema(configFileSchema, { target: 'draft-7', io: 'input', unrepresentable: 'any' }) as JsonSchema;
  const properties = root.properties as Record<string, JsonSchema>;
  const list = (items: JsonSchema): JsonSchema => ({ type: 'array', items });

  const blocks: Record<string, JsonSchema> = {};
  for (const plugin of instances) if (plugin.assetConfig) blocks[plugin.name] = toJson(plugin.assetConfig);
  properties.assets = list({
    type: 'object',
    required: ['id', 'kind'],
    properties: { id: { type: 'string' }, kind: { type: 'string' }, ...blocks },
  });
  properties.collect = list({ type: 'object', required: ['collector', 'assets'], ...dispatch(registrations, 'collector', 'collector') });
  properties.checks = list({ type: 'object', required: ['id', 'assets'], ...dispatch(registrations, 'probe', 'probe') });
  properties.notify = list({ type: 'object', required: ['notifier'], ...dispatch(registrations, 'notifier', 'notifier') });
  const step = { type: 'object', required: ['action'], ...dispatch(registrations, 'action', 'action') };
  const rule = dispatch(registrations, 'action', 'action');
  properties.remediate = list({
    type: 'object',
    required: ['id', 'on'],
    ...rule,
    properties: { ...(rule.properties as JsonSchema), steps: list(step) },
  });
  properties.serve = {
    type: 'object',
    required: ['port'],
    properties: {
      port: { type: 'integer', minimum: 0, maximum: 65535, description: 'TCP port; 0 picks a free one' },
      host: { type: 'string', description: 'Address to listen on (default 127.0.0.1)' },
      token: { description: 'Bearer token every request needs: a string, { env: NAME } or { file: path }' },
    },
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Warden configuration (warden check / run / discover)',
    ...root,
  };
}
