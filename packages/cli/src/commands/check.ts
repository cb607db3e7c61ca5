import type { RunReport } from '@warden/core';
import { buildWarden } from '../config/build.js';
import { loadConfig } from '../config/load.js';
import { type CliIo, useColor } from '../io.js';
import { formatTable, paint, statusColour } from '../output/table.js';
import type { ParsedArgs } from '../usage.js';
import { configPath, stringValue } from './shared.js';

/**
 * `warden check`: one pass over the config's checks; the Nagios exit code of the worst status.
 *
 * @param args - parsed arguments
 * @param io - streams and environment
 * @returns the exit code
 */
export async function checkCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  const loaded = await loadConfig(configPath(stringValue(args, 'config'), io), { ...(io.cwd ? { cwd: io.cwd } : {}), command: 'check' });
  const { warden } = await buildWarden(loaded);
  let report: RunReport;
  try {
    const assets = stringValue(args, 'assets');
    report = await warden.runOnce(assets === undefined ? {} : { assets });
  } finally {
    await warden.stop();
  }
  if (args.values.json === true) io.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  else io.stdout.write(formatReport(report, io));
  return report.exitCode;
}

/**
 * The report as people read it: one row per (check, asset), worst first, then the summary line.
 *
 * @param report - what runOnce returned
 * @param io - for the terminal width and colours
 * @returns the text
 */
export function formatReport(report: RunReport, io: CliIo): string {
  const rank = { critical: 0, warning: 1, unknown: 2, ok: 3 } as const;
  const rows = [...report.results]
    .sort((a, b) => rank[a.status] - rank[b.status] || a.check.localeCompare(b.check) || a.asset.localeCompare(b.asset))
    .map((r) => [r.status.toUpperCase(), r.check, r.asset, `${Math.round(r.durationMs)}ms`, r.summary.split('\n')[0] ?? '']);
  const colour = useColor(io.stdout, io.env);
  const table =
    rows.length === 0
      ? ''
      : formatTable(['STATUS', 'CHECK', 'ASSET', 'TIME', 'SUMMARY'], rows, {
          width: io.stdout.isTTY ? io.stdout.columns : undefined,
          ...(colour
            ? {
                paint: (text: string, column: number, row: readonly string[]) =>
                  column === 0 ? paint(text, statusColour(row[0] ?? '')) : text,
              }
            : {}),
        });
  return `${table}${table ? '\n' : ''}${report.summary}\n`;
}
