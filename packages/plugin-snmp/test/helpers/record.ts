// Records subtrees of a live agent as a .snmprec fixture, through the plugin's own transport:
//   npx tsx --conditions=@warden/source packages/plugin-snmp/test/helpers/record.ts PORT OUT OID...
import { writeFileSync } from 'node:fs';
import { SnmpDevice } from '../../src/transport/device.js';
import { SocketHub } from '../../src/transport/shared-socket.js';
import { SnmpType, type Varbind } from '../../src/varbind.js';

function line(v: Varbind): string {
  if (Buffer.isBuffer(v.value)) {
    const printable = /^[\x20-\x7e]*$/.test(v.value.toString('latin1'));
    return printable ? `${v.oid}|${v.type}|${v.value.toString('latin1')}` : `${v.oid}|${v.type}x|${v.value.toString('hex')}`;
  }
  return `${v.oid}|${v.type}|${v.value === null ? '' : String(v.value)}`;
}

const [port, out, ...oids] = process.argv.slice(2);
const hub = new SocketHub(1);
const device = new SnmpDevice(
  {
    label: 'record',
    host: '127.0.0.1',
    port: Number(port),
    version: '2c',
    community: 'public',
    timeoutMs: 2000,
    retries: 1,
    maxRepetitions: 25,
    bulk: true,
    concurrency: 1,
  },
  hub,
);
const lines: string[] = [];
for (const oid of oids) {
  const scope = { deadline: Date.now() + 30_000, now: () => Date.now() };
  const result = oid.endsWith('.0') ? { varbinds: await device.get([oid], scope) } : await device.walk(oid, scope);
  for (const v of result.varbinds) if (v.type < SnmpType.NoSuchObject) lines.push(line(v));
}
writeFileSync(out as string, `${lines.join('\n')}\n`);
device.close();
hub.close();
console.log(`${lines.length} varbinds → ${out}`);
