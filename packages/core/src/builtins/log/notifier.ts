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
 * Core's `log` notifier: writes each notification to the Warden logger, one structured record
 * per notification (`kind`, `dedupKey`, the incident).
 */
export const logNotifier: NotifierDefinition<LogNotifierParams> = {
  name: 'log',
  description: 'Writes incident notifications to the Warden logger',
  params: logNotifierParamsSchema,
  send(notification, params, ctx) {
    const level = notification.kind === 'resolved' ? 'info' : (params.level ?? 'warn');
    ctx.logger[level](
      { notification: notification.kind, dedupKey: notification.dedupKey, incident: notification.incident },
      `incident ${notification.kind}`,
    );
  },
};
