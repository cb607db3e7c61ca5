import type { HookContext, MaintenanceHandle } from '@warden/core';
import type { ScheduledEvent } from '../providers/types.js';

/**
 * Whether the provider has settled the event: EC2 keeps a completed or cancelled event listed
 * for a while with its description prefixed `[Completed]` or `[Canceled]`.
 *
 * @param event - a scheduled event
 * @returns true when it no longer needs a window
 */
export function isSettledEvent(event: ScheduledEvent): boolean {
  return /^\s*\[(completed|canceled|cancelled)\]/i.test(event.description);
}

/** Turns the scheduled events a provider reports for an asset into maintenance windows. */
export interface EventWindows {
  /**
   * Makes the asset's windows match its events: one window per pending event (added, or
   * replaced when the event moved), and the windows of events that were settled or vanished
   * removed. A window the calendar refuses is logged and skipped; the check carries on.
   *
   * @param assetId - the asset the events are for
   * @param events - every event the provider lists for it now
   * @param ctx - the probe's context (`maintenance`, `clock`, `logger`)
   * @param openEndedMs - length of the window of an event with no end (instance-stop, retirement)
   */
  sync(assetId: string, events: readonly ScheduledEvent[], ctx: HookContext, openEndedMs: number): void;
}

/**
 * Creates the tracker of windows opened for provider events. Windows live in Warden's
 * calendar, which is rebuilt on restart, so the tracker needs no persistence of its own: the
 * first status poll after a restart schedules them again.
 *
 * @returns the tracker, shared by every run of one probe
 */
export function createEventWindows(): EventWindows {
  const byAsset = new Map<string, Map<string, MaintenanceHandle>>();
  return {
    sync(assetId, events, ctx, openEndedMs) {
      const now = ctx.clock.now();
      const previous = byAsset.get(assetId) ?? new Map<string, MaintenanceHandle>();
      const current = new Map<string, MaintenanceHandle>();
      for (const event of events) {
        if (isSettledEvent(event) || event.notBefore === undefined) continue;
        const to = event.notAfter ?? event.notBefore + openEndedMs;
        if (to <= now || to <= event.notBefore) continue;
        // The provider's event id is stable while the event moves; the code stands in for it
        // where a provider has none (one event of a kind per instance).
        const id = `event:${assetId}:${event.id ?? event.code}`;
        try {
          current.set(
            id,
            ctx.maintenance.schedule({
              id,
              assets: { ids: [assetId] },
              from: event.notBefore,
              to,
              reason: `${event.code}: ${event.description || 'scheduled by the provider'}`,
            }),
          );
        } catch (err) {
          // The calendar keeps the old window when it refuses the new one; so do we.
          const kept = previous.get(id);
          if (kept) current.set(id, kept);
          ctx.logger.warn({ err, asset: assetId, event: event.code }, 'cannot schedule a maintenance window for a provider event');
        }
      }
      for (const [id, handle] of previous) if (!current.has(id)) handle.remove();
      if (current.size) byAsset.set(assetId, current);
      else byAsset.delete(assetId);
    },
  };
}
