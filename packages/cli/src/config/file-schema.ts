import { z } from 'zod';

// The config file's own shape: which sections exist and that each list holds objects. What an
// entry must contain is Warden's business: each entry goes through the method it configures
// (createWarden, assets.addMany, collect, check, …), whose validation reports paths that are
// then placed under the entry's own path.
const entries = (what: string) =>
  z.array(z.record(z.string(), z.unknown(), { error: `each entry of \`${what}\` is an object` }), {
    error: `\`${what}\` is a list`,
  });

const pluginOptions = z.union([z.record(z.string(), z.unknown()), z.null()], { error: 'plugin options are an object (or empty)' });

/** The top level of a config file. */
export const configFileSchema = z.strictObject(
  {
    plugins: z
      .union([
        z.strictObject({ snmp: pluginOptions.optional(), ssh: pluginOptions.optional(), cloud: pluginOptions.optional() }),
        z.array(z.unknown()),
      ])
      .optional(),
    assets: entries('assets').optional(),
    collect: entries('collect').optional(),
    checks: entries('checks').optional(),
    maintenance: entries('maintenance').optional(),
    notify: entries('notify').optional(),
    remediate: entries('remediate').optional(),
    serve: z.record(z.string(), z.unknown(), { error: '`serve` is an object: { port, host?, token? }' }).optional(),
    // createWarden() options, validated by createWarden itself.
    concurrency: z.unknown().optional(),
    remediation: z.unknown().optional(),
    selfMetricsEvery: z.unknown().optional(),
    deltaGap: z.unknown().optional(),
    maxSamplesPerSeries: z.unknown().optional(),
    notifications: z.unknown().optional(),
    clock: z.unknown().optional(),
    logger: z.unknown().optional(),
    executor: z.unknown().optional(),
    store: z.unknown().optional(),
  },
  { error: (issue) => (issue.code === 'invalid_type' ? 'a config is an object: { plugins, assets, collect, checks, … }' : undefined) },
);
