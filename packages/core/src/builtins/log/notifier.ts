import { z } from 'zod';
import type { NotifierDefinition } from '../../plugins/types.js';

/** Params of the `log` notifier. */
export interface LogNotifierParams {
  /** Log level for problems; resolutions are logged at `info`. @defaultValue `'warn'` */
  level?: 'debug' | 'info' | 'warn' | 'error' | undefined;
}

/** Schema of {@link LogNotifierParams}. */
export const logNotifierParamsSchema: z.ZodType<LogNotifierParams> = z.strictObject({
  level: z.enum(['debug', 'info', 'warn', 'error']).optional(),
});

/**
 * Core's `log` notifier: writes one structured record per incident event to the Warden logger
 * (`kind`, `dedupKey`, the incident, and for a grouped notification the route and group size),
 * so a grouped notification logs every incident in it, not only its lead. Resolutions are
 * logged at `info`, everything else at `params.level`.
 */
export const logNotifier: NotifierDefinition<LogNotifierParams> = {
  name: 'log',
  description: 'Writes incident notifications to the Warden logger',
  params: logNotifierParamsSchema,
  send(notification, params, ctx) {
    const items = notification.group ?? [notification];
    for (const item of items) {
      const level = item.kind === 'resolved' ? 'info' : (params.level ?? 'warn');
      const { incident } = item;
      ctx.logger[level](
        {
          notification: item.kind,
          dedupKey: item.dedupKey,
          incident,
          ...(notification.route === undefined ? {} : { route: notification.route }),
          ...(items.length > 1 ? { group: items.length } : {}),
          ...(item.reminder === undefined ? {} : { reminder: item.reminder }),
          ...(item.escalation === undefined ? {} : { escalation: item.escalation }),
        },
        `incident ${item.kind}: ${incident.check} on ${incident.asset} (${item.kind === 'resolved' ? 'ok' : incident.severity}): ${incident.summary}`,
      );
    }
  },
};
