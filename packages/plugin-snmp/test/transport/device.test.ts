import { WardenError } from '@warden/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeviceSettings, type RequestScope, SnmpDevice } from '../../src/transport/device.js';
import { SocketHub } from '../../src/transport/shared-socket.js';
import { SnmpType } from '../../src/varbind.js';
import { interfaceTables, SYSTEM_SCALARS, startAgent, startSilentAgent, type TestAgent } from '../helpers/agent.js';

const hub = new SocketHub(1);
let agent: TestAgent;

function settings(port: number, extra: Partial<DeviceSettings> = {}): DeviceSettings {
  return {
    label: `test (127.0.0.1:${port})`,
    host: '127.0.0.1',
    port,
    version: '2c',
    community: 'public',
    timeoutMs: 1000,
    retries: 0,
    maxRepetitions: 25,
    bulk: true,
    concurrency: 4,
    ...extra,
  };
}

function scope(ms = 10_000, signal?: AbortSignal): RequestScope {
  const deadline = Date.now() + ms;
  return { deadline, now: () => Date.now(), signal };
}

beforeAll(async () => {
  agent = await startAgent({ scalars: SYSTEM_SCALARS, tables: interfaceTables(60) });
});
afterAll(async () => {
  await agent.close();
  hub.close();
});

describe('SnmpDevice against an in-process agent', () => {
  it('GETs scalars with their types', async () => {
    const device = new SnmpDevice(settings(agent.port), hub);
    const [descr, uptime] = await device.get(['1.3.6.1.2.1.1.1.0', '.1.3.6.1.2.1.1.3.0'], scope());
    expect(descr?.type).toBe(SnmpType.OctetString);
    expect(String(descr?.value)).toBe('Test switch v1.2');
    expect(uptime).toMatchObject({ oid: '1.3.6.1.2.1.1.3.0', type: SnmpType.TimeTicks, value: 123456 });
    device.close();
  });

  it('walks a table with GETBULK and decodes Counter64 as bigint', async () => {
    const device = new SnmpDevice(settings(agent.port, { maxRepetitions: 7 }), hub);
    const result = await device.walk('1.3.6.1.2.1.31.1.1.1', scope());
    expect(result.complete).toBe(true);
    expect(result.varbinds).toHaveLength(60 * 5);
    const hc = result.varbinds.find((v) => v.oid === '1.3.6.1.2.1.31.1.1.1.6.5');
    expect(hc?.value).toBe(5n * 2n ** 33n);
    device.close();
  });

  it('walks with GETNEXT for SNMPv1, stopping at the end of the MIB', async () => {
    const device = new SnmpDevice(settings(agent.port, { version: '1' }), hub);
    const result = await device.walk('1.3.6.1.2.1.1', scope());
    expect(result.complete).toBe(true);
    expect(result.varbinds.map((v) => v.oid)).toEqual(SYSTEM_SCALARS.map((s) => `${s.oid}.0`));
    device.close();
  });

  it('reports a wrong community as a timeout naming the device, OID and what to check', async () => {
    const device = new SnmpDevice(settings(agent.port, { community: 'wrong', timeoutMs: 150, retries: 1 }), hub);
    const error = await device.get(['1.3.6.1.2.1.1.5.0'], scope()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WardenError);
    expect((error as WardenError).code).toBe('ERR_TIMEOUT');
    expect((error as WardenError).message).toMatch(
      /GET 1\.3\.6\.1\.2\.1\.1\.5\.0 on test \(127\.0\.0\.1:\d+\): no response after 1 retry .*community/,
    );
    device.close();
  });

  it('shrinks max-repetitions on a silent agent and remembers it, keeping what it got', async () => {
    const silent = await startSilentAgent();
    const device = new SnmpDevice(settings(silent.port, { timeoutMs: 60, retries: 2, maxRepetitions: 40 }), hub);
    const result = await device.walk('1.3.6.1.2.1.2.2', scope());
    expect(result.complete).toBe(false);
    expect(result.varbinds).toEqual([]);
    expect(result.problem?.code).toBe('ERR_TIMEOUT');
    expect(result.problem?.message).toContain('everything after 1.3.6.1.2.1.2.2 is missing');
    expect(device.maxRepetitions).toBe(5);
    device.close();
    await silent.close();
  });

  it('stops at the collection deadline and keeps the partial walk', async () => {
    const device = new SnmpDevice(settings(agent.port, { maxRepetitions: 5 }), hub);
    let calls = 0;
    const deadline = 1_000;
    // A fake clock that passes the deadline after the third request.
    const result = await device.walk('1.3.6.1.2.1.2.2', { deadline, now: () => (calls++ < 3 ? 0 : deadline) });
    expect(result.complete).toBe(false);
    expect(result.varbinds).toHaveLength(15);
    expect(result.problem?.code).toBe('ERR_TIMEOUT');
    expect(result.problem?.message).toMatch(/deadline/);
    device.close();
  });

  it('honours the abort signal at once', async () => {
    const silent = await startSilentAgent();
    const device = new SnmpDevice(settings(silent.port, { timeoutMs: 5000 }), hub);
    const controller = new AbortController();
    const pending = device.get(['1.3.6.1.2.1.1.5.0'], scope(10_000, controller.signal));
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ERR_ABORTED' });
    device.close();
    await silent.close();
  });

  it('guards against an agent that returns non-increasing OIDs', async () => {
    const looping = await startAgent({ scalars: SYSTEM_SCALARS });
    const send = looping.agent.sendResponse.bind(looping.agent);
    // Answer every request as if the walk had gone back to sysDescr: a loop without the guard.
    looping.agent.sendResponse = (socket, rinfo, request, pdu) => {
      for (const varbind of pdu.varbinds) varbind.oid = '1.3.6.1.2.1.1.1.0';
      send(socket, rinfo, request, pdu);
    };
    const device = new SnmpDevice(settings(looping.port, { maxRepetitions: 3 }), hub);
    const result = await device.walk('1.3.6.1.2.1.1', scope());
    expect(result.complete).toBe(false);
    expect(result.problem?.code).toBe('ERR_PROTOCOL');
    expect(result.problem?.message).toMatch(/not increasing/);
    expect(result.varbinds).toHaveLength(1);
    device.close();
    await looping.close();
  });

  it('reads chosen table columns, several per GETBULK, exactly as a walk of those columns would', async () => {
    const device = new SnmpDevice(settings(agent.port), hub);
    const entry = '1.3.6.1.2.1.31.1.1.1';
    const columns = [1, 6, 7, 15, 19]; // 7 does not exist on this agent: it ends at once
    const wanted = (await device.walk(entry, scope())).varbinds
      .filter((v) => columns.some((c) => v.oid.startsWith(`${entry}.${c}.`)))
      .map((v) => `${v.oid}=${String(v.value)}`);
    expect(wanted).toHaveLength(60 * 4);
    // Twice: first sized from max-repetitions, then from the 60 rows seen (61 repetitions, capped at 25).
    for (let i = 0; i < 2; i++) {
      const result = await device.walkColumns(entry, columns, scope());
      expect(result.complete).toBe(true);
      expect(result.problem).toBeUndefined();
      expect(result.varbinds.map((v) => `${v.oid}=${String(v.value)}`).sort()).toEqual([...wanted].sort());
    }
    device.close();
  });

  it('sizes a column GETBULK from the rows the table had last time (rows + 1: one request sees every end)', async () => {
    const small = await startAgent({ scalars: SYSTEM_SCALARS, tables: interfaceTables(3) });
    const device = new SnmpDevice(settings(small.port), hub);
    // The max-repetitions of each GETBULK, seen where the agent answers it. (net-snmp's agent
    // counts max-repetitions in varbinds, not rows, so it needs more requests than snmpd does.)
    const asked: number[] = [];
    const send = small.agent.sendResponse.bind(small.agent);
    small.agent.sendResponse = (socket, rinfo, request, pdu) => {
      asked.push((request as { pdu: { maxRepetitions: number } }).pdu.maxRepetitions);
      send(socket, rinfo, request, pdu);
    };
    const first = await device.walkColumns('1.3.6.1.2.1.2.2.1', [2, 8, 10, 16], scope());
    expect(first.varbinds).toHaveLength(3 * 4);
    expect(new Set(asked)).toEqual(new Set([25]));
    asked.length = 0;
    const again = await device.walkColumns('1.3.6.1.2.1.2.2.1', [2, 8, 10, 16], scope());
    expect(again.varbinds.map((v) => v.oid)).toEqual(first.varbinds.map((v) => v.oid));
    expect(new Set(asked)).toEqual(new Set([4]));
    device.close();
    await small.close();
  });

  it('reads columns of SNMPv1 agents by walking the entry and keeping those columns', async () => {
    const device = new SnmpDevice(settings(agent.port, { version: '1' }), hub);
    const result = await device.walkColumns('1.3.6.1.2.1.2.2.1', [2, 10], scope());
    expect(result.complete).toBe(true);
    expect(result.varbinds).toHaveLength(60 * 2);
    expect(result.varbinds.every((v) => /^1\.3\.6\.1\.2\.1\.2\.2\.1\.(2|10)\./.test(v.oid))).toBe(true);
    device.close();
  });

  it('keeps what it got and says what is missing when a column read times out', async () => {
    const silent = await startSilentAgent();
    const device = new SnmpDevice(settings(silent.port, { timeoutMs: 60, retries: 1, maxRepetitions: 40 }), hub);
    const result = await device.walkColumns('1.3.6.1.2.1.2.2.1', [2, 10], scope());
    expect(result.complete).toBe(false);
    expect(result.varbinds).toEqual([]);
    expect(result.problem?.code).toBe('ERR_TIMEOUT');
    expect(result.problem?.message).toContain('everything after 1.3.6.1.2.1.2.2.1.2, 1.3.6.1.2.1.2.2.1.10 is missing');
    expect(device.maxRepetitions).toBe(10);
    device.close();
    await silent.close();
  });

  it('guards column reads against non-increasing OIDs', async () => {
    const looping = await startAgent({ scalars: SYSTEM_SCALARS, tables: interfaceTables(2) });
    const send = looping.agent.sendResponse.bind(looping.agent);
    looping.agent.sendResponse = (socket, rinfo, request, pdu) => {
      for (const varbind of pdu.varbinds) varbind.oid = '1.3.6.1.2.1.2.2.1.2.1';
      send(socket, rinfo, request, pdu);
    };
    const device = new SnmpDevice(settings(looping.port), hub);
    const result = await device.walkColumns('1.3.6.1.2.1.2.2.1', [2], scope());
    expect(result.complete).toBe(false);
    expect(result.problem?.code).toBe('ERR_PROTOCOL');
    expect(result.problem?.message).toMatch(/not increasing/);
    expect(result.varbinds).toHaveLength(1);
    device.close();
    await looping.close();
  });

  it('retries through an agent that drops every other packet', async () => {
    const lossy = await startAgent({ scalars: SYSTEM_SCALARS, tables: interfaceTables(20) });
    const onMsg = lossy.agent.onMsg.bind(lossy.agent);
    let n = 0;
    lossy.agent.onMsg = (socket, buffer, rinfo) => {
      if (n++ % 2 === 0) onMsg(socket, buffer, rinfo);
    };
    const device = new SnmpDevice(settings(lossy.port, { timeoutMs: 80, retries: 3, maxRepetitions: 10 }), hub);
    const result = await device.walk('1.3.6.1.2.1.2.2.1', scope());
    expect(result.complete).toBe(true);
    expect(result.varbinds).toHaveLength(20 * 8);
    device.close();
    await lossy.close();
  });

  it('shares one real socket across many devices', async () => {
    const shared = new SocketHub(1);
    const devices = Array.from({ length: 50 }, () => new SnmpDevice(settings(agent.port), shared));
    const names = await Promise.all(devices.map((d) => d.get(['1.3.6.1.2.1.1.5.0'], scope())));
    expect(names.map((v) => String(v[0]?.value))).toEqual(Array(50).fill('sw-test'));
    expect(shared.openSockets).toBe(1);
    for (const d of devices) d.close();
    shared.close();
  });
});
