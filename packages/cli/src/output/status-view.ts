import type { CheckState, Warden } from '@warden/core';
import type { WardenServer } from '@warden/core/http';
import { type CliIo, useColor } from '../io.js';
import { formatTable, paint, statusColour } from './table.js';

/** How `warden run` shows what happens. */
export interface StatusView {
  /** Warden has started (and serves, when `server` is given). */
  started(server: WardenServer | undefined): void;
  /** Stops drawing and detaches from Warden's events. */
  close(): void;
}

const RANK = { critical: 0, warning: 1, unknown: 2, pending: 3, ok: 4 } as const;

function age(ms: number | undefined, now: number): string {
  if (ms === undefined) return '-';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  return s < 120 ? `${s}s` : s < 7200 ? `${Math.round(s / 60)}m` : `${Math.round(s / 3600)}h`;
}

function serving(server: WardenServer | undefined): string {
  return server
    ? `serving http://${server.host.includes(':') ? `[${server.host}]` : server.host}:${server.port} (/metrics, /health/live, /health/ready)`
    : '';
}

/**
 * The live view of a terminal: the alternate screen, redrawn every second with every
 * (check, asset) state, worst first. Leaving restores the screen.
 *
 * @param warden - the running Warden
 * @param io - stdout must be a terminal
 * @param title - the config's name, for the header
 * @returns the view
 */
export function liveView(warden: Warden, io: CliIo, title: string): StatusView {
  const out = io.stdout;
  const colour = useColor(out, io.env);
  let server: WardenServer | undefined;
  let timer: NodeJS.Timeout | undefined;
  const draw = (): void => {
    const now = Date.now();
    const states = [...warden.states()].sort(
      (a, b) => RANK[a.status] - RANK[b.status] || a.check.localeCompare(b.check) || a.asset.localeCompare(b.asset),
    );
    const counts = new Map<string, number>();
    for (const state of states) counts.set(state.status, (counts.get(state.status) ?? 0) + 1);
    const tally = [...counts].map(([status, n]) => `${n} ${status}`).join(', ') || 'no checks yet';
    const header = `warden run · ${title} · ${new Date(now).toLocaleTimeString()} · ${tally}${server ? ` · ${serving(server)}` : ''}`;
    const rows = states.map((s: CheckState) => [
      s.status.toUpperCase(),
      s.check,
      s.asset,
      `${s.stateType}${s.flapping ? ' flapping' : ''}${s.reachable ? '' : ' unreachable'}`,
      age(s.lastChangeAt, now),
      (s.result?.summary ?? '').split('\n')[0] ?? '',
    ]);
    const table = formatTable(['STATUS', 'CHECK', 'ASSET', 'STATE', 'SINCE', 'SUMMARY'], rows, {
      width: out.columns,
      ...(colour
        ? {
            paint: (text: string, column: number, row: readonly string[]) =>
              column === 0 ? paint(text, statusColour(row[0] ?? '')) : text,
          }
        : {}),
    });
    out.write(`\x1b[H\x1b[2J${colour ? paint(header, 'bold') : header}\n\n${table}\nCtrl-C to stop\n`);
  };
  return {
    started(given) {
      server = given;
      out.write('\x1b[?1049h\x1b[?25l'); // alternate screen, cursor hidden
      draw();
      timer = setInterval(draw, 1000);
    },
    close() {
      if (timer === undefined) return; // never started, or closed already: the screen is the user's
      clearInterval(timer);
      timer = undefined;
      out.write('\x1b[?25h\x1b[?1049l');
    },
  };
}

/**
 * Plain log lines, for pipes, files and service managers: one per state change and incident,
 * with an ISO timestamp.
 *
 * @param warden - the Warden
 * @param io - where to write (stdout)
 * @param title - the config's name, for the first line
 * @returns the view
 */
export function logView(warden: Warden, io: CliIo, title: string): StatusView {
  const line = (text: string): void => void io.stdout.write(`${new Date().toISOString()} ${text}\n`);
  const onState = (e: { check: string; asset: string; status: string; previous: string; stateType: string }): void => {
    const summary = warden.state(e.check, e.asset)?.result?.summary.split('\n')[0];
    line(
      `${e.check} on ${e.asset}: ${e.previous.toUpperCase()} -> ${e.status.toUpperCase()} (${e.stateType})${summary ? ` ${summary}` : ''}`,
    );
  };
  const onOpened = (e: { check: string; asset: string; status: string; summary: string }): void =>
    line(`incident opened: ${e.check} on ${e.asset} ${e.status.toUpperCase()}: ${e.summary}`);
  const onResolved = (e: { check: string; asset: string; summary: string }): void =>
    line(`incident resolved: ${e.check} on ${e.asset}: ${e.summary}`);
  const onError = (e: { error: Error }): void => line(`error: ${e.error.message}`);
  warden.on('check:state', onState).on('incident:opened', onOpened).on('incident:resolved', onResolved).on('warden:error', onError);
  return {
    started(server) {
      const checks = new Set(warden.states().map((s) => s.check)).size;
      line(`warden running ${title}: ${warden.assets.list().length} assets, ${checks} checks${server ? `; ${serving(server)}` : ''}`);
    },
    close() {
      warden.off('check:state', onState).off('incident:opened', onOpened).off('incident:resolved', onResolved).off('warden:error', onError);
    },
  };
}
