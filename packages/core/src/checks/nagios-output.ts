import type { Labels, Sample } from '../metrics/types.js';
import { type PerfdataSampleOptions, parsePerfdata, perfdataToSamples } from './perfdata.js';
import { type CheckResult, type CheckStatus, STATUS_EXIT_CODE } from './types.js';

/**
 * Reading and writing the Monitoring Plugins interface: exit code 0/1/2/3 for
 * OK/WARNING/CRITICAL/UNKNOWN; the first line of output is the status text, optionally
 * followed by `|` and performance data; further lines are long output, and from a line
 * containing `|` on, everything after the `|` is more performance data:
 *
 * ```
 * DISK OK - free space: / 3326 MB (56%); | /=2643MB;5948;5958;0;5968
 * / 15272 MB (77%);
 * /var/log 819 MB (84%); | /boot=68MB;88;93;0;98
 * /var/log=818MB;970;975;0;980
 * ```
 */

const EXIT_STATUS: readonly CheckStatus[] = ['ok', 'warning', 'critical', 'unknown'];

/** Options of {@link parseNagiosOutput}. */
export interface ParseNagiosOptions extends PerfdataSampleOptions {
  /** The signal that ended the plugin, when it did not exit by itself. */
  signal?: string | null;
}

// Control characters other than tab are replaced: the summary goes to logs and chat messages.
function printable(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    out += (code < 0x20 && code !== 0x09) || code === 0x7f ? '\uFFFD' : ch;
  }
  return out;
}

function exitProblem(exitCode: number | null, signal: string | null | undefined): string | undefined {
  if (exitCode !== null && Number.isInteger(exitCode) && exitCode >= 0 && exitCode <= 3) return undefined;
  if (exitCode === null && signal) return `plugin was killed by signal ${signal}`;
  if (exitCode === null) return 'plugin exit status is missing';
  return `plugin exited with code ${exitCode}, not a Monitoring Plugins status (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN)`;
}

/**
 * Turns a plugin's output and exit code into a {@link CheckResult}. Never throws.
 *
 * - status: from the exit code (0 ok, 1 warning, 2 critical, 3 unknown); any other code, a
 *   signal, or no code → `unknown`, the summary saying what was wrong and quoting the output;
 * - summary: the first line up to `|`; details: the long output lines;
 * - samples: the performance data of the first line and of the long output
 *   (see `perfdataToSamples` for names and units); a broken perfdata token leaves the
 *   result as it is and adds a line to `details` quoting it;
 * - empty output → `unknown`, "no output from plugin".
 *
 * @param stdout - what the plugin printed on stdout
 * @param exitCode - its exit code (`null` when killed by a signal)
 * @param options - the signal, and the metric name and labels of the samples
 * @returns the result
 * @example
 * ```ts
 * parseNagiosOutput('PROCS OK: 81 processes | procs=81;;;0;\n', 0);
 * // { status: 'ok', summary: 'PROCS OK: 81 processes',
 * //   samples: [{ name: 'nagios.perfdata', value: 81, unit: '1', labels: { label: 'procs' } }] }
 * ```
 */
export function parseNagiosOutput(stdout: string, exitCode: number | null, options: ParseNagiosOptions = {}): CheckResult {
  const problem = exitProblem(exitCode, options.signal);
  const status: CheckStatus = problem ? 'unknown' : (EXIT_STATUS[exitCode as number] as CheckStatus);
  const lines = stdout.replace(/\r\n?/g, '\n').replace(/\s+$/, '').split('\n');
  const first = lines[0] ?? '';

  if (first.trim() === '' && lines.length === 1) {
    const code = problem ?? `exit code ${exitCode}`;
    return { status: 'unknown', summary: `no output from plugin (${code})` };
  }

  const bar = first.indexOf('|');
  const text = printable((bar === -1 ? first : first.slice(0, bar)).trim());
  const perfTexts: string[] = bar === -1 ? [] : [first.slice(bar + 1)];
  const long: string[] = [];
  let inPerf = false;
  for (const line of lines.slice(1)) {
    if (inPerf) {
      perfTexts.push(line);
      continue;
    }
    const at = line.indexOf('|');
    if (at === -1) {
      long.push(printable(line));
      continue;
    }
    const before = line.slice(0, at).trimEnd();
    if (before.trim() !== '') long.push(printable(before));
    perfTexts.push(line.slice(at + 1));
    inPerf = true;
  }

  const perf = parsePerfdata(perfTexts.join(' '));
  const details = [...long, ...perf.problems];
  const shown = text === '' ? '(no status text)' : text;
  const summary = problem ? `${problem}: ${JSON.stringify(shown)}` : shown;
  const result: CheckResult = { status, summary };
  if (details.length > 0) result.details = details.join('\n');
  const samples = perfdataToSamples(perf.data, options);
  if (samples.length > 0) result.samples = samples;
  return result;
}

const UNIT_UOM: Readonly<Record<string, string>> = {
  s: 's',
  '%': '%',
  By: 'B',
  kBy: 'KB',
  MBy: 'MB',
  GBy: 'GB',
  TBy: 'TB',
};

function formatNumber(value: number): string {
  const text = String(value);
  if (!text.includes('e')) return text;
  // Perfdata numbers are plain decimals ([-0-9.]): no exponent.
  if (Math.abs(value) >= 1) return BigInt(Math.round(value)).toString();
  return value.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

function quoteLabel(label: string): string {
  return /[\s='|]/.test(label) ? `'${label.replace(/'/g, "''")}'` : label;
}

function perfLabel(sample: Sample): string {
  const labels: Labels = sample.labels ?? {};
  if (labels.label !== undefined) return labels.label;
  const rest = Object.entries(labels).filter(([key]) => key !== 'asset');
  return rest.length === 0 ? sample.name : `${sample.name}{${rest.map(([key, value]) => `${key}=${value}`).join(',')}}`;
}

/**
 * Formats one sample as a perfdata item (`'label'=value[UOM]`). The label is the sample's
 * `label` label when it has one (a round trip of {@link parseNagiosOutput}), else its name
 * and labels (`tcp.connect.duration`, `system.filesystem.utilization{mountpoint=/}`).
 *
 * @param sample - the sample
 * @returns the perfdata item
 */
export function formatPerfdatum(sample: Sample): string {
  const uom = sample.type === 'counter' && (sample.unit === undefined || sample.unit === '1') ? 'c' : (UNIT_UOM[sample.unit ?? ''] ?? '');
  return `${quoteLabel(perfLabel(sample))}=${formatNumber(sample.value)}${uom}`;
}

/** A check result in the Monitoring Plugins interface. */
export interface NagiosOutput {
  /** What to print on stdout (ends with a newline). */
  output: string;
  /** The exit code: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. */
  exitCode: 0 | 1 | 2 | 3;
}

const oneLine = (text: string): string => text.replace(/\s*[\r\n]+\s*/g, ' ').replace(/\|/g, '¦');

/**
 * Formats a result so that Nagios, Icinga, Sensu or NRPE can run a Warden check as a plugin:
 * `STATUS: summary | perfdata`, then the details as long output, and the exit code. A `|`
 * in the text is written as `¦` so it is not read as performance data.
 *
 * @param result - the check result
 * @returns the output and the exit code
 * @example
 * ```ts
 * const { output, exitCode } = formatNagios(result);
 * process.stdout.write(output);
 * process.exitCode = exitCode;
 * ```
 */
export function formatNagios(result: CheckResult): NagiosOutput {
  const perf = (result.samples ?? []).map(formatPerfdatum).join(' ');
  let output = `${result.status.toUpperCase()}: ${oneLine(result.summary)}${perf === '' ? '' : ` | ${perf}`}\n`;
  if (result.details) {
    for (const line of result.details.replace(/\r\n?/g, '\n').split('\n')) output += `${line.replace(/\|/g, '¦')}\n`;
  }
  return { output, exitCode: STATUS_EXIT_CODE[result.status] };
}
