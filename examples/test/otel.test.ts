import { describe, expect, it } from 'vitest';
import { runExample } from './run-example.js';

// Runs examples/otel as a user would and reads what the in-memory exporter received.

/** `name{k=v,…} value unit (kind)` lines, parsed. */
function parse(stdout: string) {
  return stdout
    .trim()
    .split('\n')
    .map((line) => {
      const match = /^(\S+?)\{([^}]*)\} (\S+) (\S+) \((gauge|counter)\)$/.exec(line);
      if (!match) throw new Error(`unexpected line: ${line}`);
      const [, name = '', attrs = '', value = '', unit = '', kind = ''] = match;
      const attributes = Object.fromEntries(attrs.split(',').map((pair) => pair.split('=')));
      return { name, attributes, value: Number(value), unit, kind };
    });
}

describe('examples/otel', () => {
  it('exports the machine’s metrics and the check state through the OpenTelemetry SDK', async () => {
    const { code, stdout, stderr } = await runExample('otel');
    expect(code, stderr).toBe(0);
    const points = parse(stdout);
    const names = new Set(points.map((p) => p.name));
    for (const name of ['warden.check.status', 'system.memory.usage', 'system.memory.utilization', 'system.network.io', 'system.uptime']) {
      expect(names, name).toContain(name);
    }
    const used = points.find((p) => p.name === 'system.memory.usage' && p.attributes.state === 'used');
    expect(used).toMatchObject({ unit: 'By', kind: 'gauge', attributes: { asset: 'self', state: 'used' } });
    expect(used?.value).toBeGreaterThan(0);
    const io = points.filter((p) => p.name === 'system.network.io');
    expect(io.every((p) => p.kind === 'counter' && p.unit === 'By' && p.attributes.asset === 'self')).toBe(true);
    // One state series per possible state, exactly one of them 1.
    const memory = points.filter((p) => p.name === 'warden.check.status' && p.attributes.check === 'memory');
    expect(memory.map((p) => p.attributes.state).sort()).toEqual(['critical', 'ok', 'pending', 'unknown', 'warning']);
    expect(memory.filter((p) => p.value === 1)).toHaveLength(1);
    expect(memory.find((p) => p.attributes.state === 'pending')?.value).toBe(0);
  }, 60_000);

  it('--console hands the same data to the SDK’s ConsoleMetricExporter', async () => {
    const { code, stdout, stderr } = await runExample('otel', ['--console']);
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("name: 'system.memory.usage'");
    expect(stdout).toContain("unit: 'By'");
  }, 60_000);
});
