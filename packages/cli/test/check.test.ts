import { writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { memoryIo, tcpPorts, tempDir } from './helpers.js';

let ports: Awaited<ReturnType<typeof tcpPorts>>;
let dir: string;
let cleanup: () => Promise<void>;

const config = (port: number, extra = '') => `assets:
  - id: web-1
    kind: host
    address: 127.0.0.1
  - id: web-2
    kind: host
    address: 127.0.0.1
    labels: { canary: "yes" }
checks:
  - id: port
    assets: kind=host
    probe: tcp
    params: { port: ${port}, timeout: 2s }
${extra}`;

beforeAll(async () => {
  ports = await tcpPorts();
  ({ dir, cleanup } = await tempDir());
});
afterAll(async () => {
  await ports.close();
  await cleanup();
});

async function write(name: string, text: string): Promise<string> {
  await writeFile(`${dir}/${name}`, text);
  return name;
}

describe('warden check', () => {
  it('is OK (exit 0) with a table row per check and asset when the port accepts', async () => {
    const file = await write('open.yaml', config(ports.open));
    const io = memoryIo(dir);
    const code = await main(['check', '--config', file], io);
    expect(io.stderr.text).toBe('');
    const lines = io.stdout.text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^STATUS\s+CHECK\s+ASSET\s+TIME\s+SUMMARY$/);
    expect(lines.slice(1, 3)).toEqual([
      expect.stringMatching(new RegExp(`^OK\\s+port\\s+web-1\\s+\\d+ms\\s+127\\.0\\.0\\.1:${ports.open} accepted`)),
      expect.stringMatching(/^OK\s+port\s+web-2\s/),
    ]);
    expect(lines.at(-1)).toBe('OK: 2 checks (2 ok)');
    expect(code).toBe(0);
  });

  it('is CRITICAL (exit 2) when the port refuses, worst rows first', async () => {
    const file = await write(
      'mixed.yaml',
      config(ports.closed, `  - id: open\n    assets: kind=host\n    probe: tcp\n    params: { port: ${ports.open} }\n`),
    );
    const io = memoryIo(dir);
    const code = await main(['check', '-c', file], io);
    const rows = io.stdout.text.split('\n').slice(1, 5);
    expect(rows.map((r) => r.split(/\s+/).slice(0, 3).join(' '))).toEqual([
      'CRITICAL port web-1',
      'CRITICAL port web-2',
      'OK open web-1',
      'OK open web-2',
    ]);
    expect(rows[0]).toContain(`connection refused by 127.0.0.1:${ports.closed}`);
    expect(code).toBe(2);
  });

  it('limits the pass to --assets and prints JSON with --json', async () => {
    const file = await write('closed.yaml', config(ports.closed));
    const io = memoryIo(dir);
    const code = await main(['check', '-c', file, '--assets', '!canary', '--json'], io);
    const report = JSON.parse(io.stdout.text);
    expect(report).toMatchObject({ worst: 'critical', exitCode: 2, results: [{ check: 'port', asset: 'web-1', status: 'critical' }] });
    expect(report.results).toHaveLength(1);
    expect(code).toBe(2);
  });

  it('is UNKNOWN (exit 3) when no check matches, and for an invalid config', async () => {
    const file = await write('none.yaml', config(ports.open));
    const none = memoryIo(dir);
    expect(await main(['check', '-c', file, '--assets', 'kind=router'], none)).toBe(3);
    expect(none.stdout.text).toMatch(/UNKNOWN: no check matched/);

    const bad = await write('bad.yaml', config(ports.open).replace('probe: tcp', 'probe: tcpp'));
    const io = memoryIo(dir);
    expect(await main(['check', '-c', bad], io)).toBe(3);
    expect(io.stdout.text).toBe('');
    expect(io.stderr.text).toMatch(
      /^warden: invalid config bad\.yaml \(a problem\):\n {2}bad\.yaml:10:5 checks\[0\]: check "port": unknown probe "tcpp"/,
    );
    expect(io.stderr.text).toContain('[ERR_CONFIG_INVALID]');
  });

  it('finds warden.yaml in the working directory when --config is not given, and says what to do when there is none', async () => {
    const { dir: own, cleanup: done } = await tempDir({ 'warden.yaml': config(ports.open) });
    try {
      const io = memoryIo(own);
      expect(await main(['check'], io)).toBe(0);
      const { dir: nothing, cleanup: gone } = await tempDir();
      const none = memoryIo(nothing);
      expect(await main(['check'], none)).toBe(3);
      expect(none.stderr.text).toMatch(/no config file: pass --config <file>, or create one of warden\.yaml/);
      await gone();
    } finally {
      await done();
    }
  });

  it('colours the status on a terminal unless NO_COLOR is set', async () => {
    const file = await write('colour.yaml', config(ports.closed));
    const io = memoryIo(dir, { env: {} });
    io.stdout.isTTY = true;
    expect(await main(['check', '-c', file], io)).toBe(2);
    expect(io.stdout.text).toContain('\x1b[31mCRITICAL\x1b[0m');
    const plain = memoryIo(dir);
    plain.stdout.isTTY = true;
    await main(['check', '-c', file], plain);
    expect(plain.stdout.text).not.toContain('\x1b[');
  });
});
