import { assertPluginConformance } from '@warden/core/testing';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { snmp } from '../src/plugin.js';
import { freeUdpPort, interfaceTables, SYSTEM_SCALARS, startAgent, startSlowRelay, type TestAgent } from './helpers/agent.js';

let agent: TestAgent;
let relay: { port: number; close(): Promise<void> };

beforeAll(async () => {
  // Any community: the kit's canary secret is made inside the kit, after the agent starts.
  agent = await startAgent({ scalars: SYSTEM_SCALARS, tables: interfaceTables(3), anyCommunity: true });
  // Answers 40 ms late, so every hook is mid-request when the kit aborts it at 20 ms.
  relay = await startSlowRelay(agent.port, 40);
});
afterAll(async () => {
  await relay.close();
  await agent.close();
});

describe('snmp() conformance', () => {
  it('passes the plugin conformance kit against an in-process agent, the community being the canary secret', async () => {
    // With a trap receiver too, so onStart/onDispose run under the kit. The kit's leak rule cannot
    // see unref'd sockets; traps/plugin-traps.test.ts checks the port is free after dispose.
    const trapPort = await freeUdpPort();
    await assertPluginConformance({
      factory: snmp,
      options: { concurrencyPerDevice: 2, traps: { port: trapPort, address: '127.0.0.1', communities: ['traps'] } },
      asset: (canary) => ({
        id: 'sw-1',
        kind: 'network-device',
        address: '127.0.0.1',
        snmp: { version: '2c', port: relay.port, community: canary, timeout: '1s', retries: 0 },
      }),
      params: {
        'snmp.get': { oid: '1.3.6.1.2.1.1.3.0', warn: '>1000' },
        'snmp.interface': { interfaces: ['Gi0/1'] },
        'snmp.sweep': { targets: ['127.0.0.1'] },
        'snmp.table': { scalars: [{ oid: '1.3.6.1.2.1.1.3.0', name: 'device.uptime', unit: 's', scale: 0.01 }] },
      },
      abortAfterMs: 20,
      abortBoundMs: 500,
    });
  });
});
