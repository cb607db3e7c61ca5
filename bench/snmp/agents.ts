// Simulated SNMP agents for bench/snmp, run as a child process: COUNT net-snmp agents on
// 127.0.0.1, each on its own UDP port, all serving one shared MIB (the system group and an
// IF-MIB ifTable + ifXTable of INTERFACES interfaces whose counters grow every 100 ms).
// Prints one JSON line { ports } when every agent listens; exits when stdin closes.
//   npx tsx bench/snmp/agents.ts COUNT [INTERFACES]
import { createSocket } from 'node:dgram';
import * as snmp from 'net-snmp';

const count = Number(process.argv[2] ?? 200);
const interfaces = Number(process.argv[3] ?? 8);
const T = snmp.ObjectType;

const IF_COLUMNS: Array<[number, string, snmp.ObjectType]> = [
  [1, 'ifIndex', T.Integer],
  [2, 'ifDescr', T.OctetString],
  [3, 'ifType', T.Integer],
  [4, 'ifMtu', T.Integer],
  [5, 'ifSpeed', T.Gauge],
  [7, 'ifAdminStatus', T.Integer],
  [8, 'ifOperStatus', T.Integer],
  [10, 'ifInOctets', T.Counter],
  [11, 'ifInUcastPkts', T.Counter],
  [13, 'ifInDiscards', T.Counter],
  [14, 'ifInErrors', T.Counter],
  [16, 'ifOutOctets', T.Counter],
  [17, 'ifOutUcastPkts', T.Counter],
  [19, 'ifOutDiscards', T.Counter],
  [20, 'ifOutErrors', T.Counter],
];
const IFX_COLUMNS: Array<[number, string, snmp.ObjectType]> = [
  [1, 'ifName', T.OctetString],
  [6, 'ifHCInOctets', T.Counter64],
  [7, 'ifHCInUcastPkts', T.Counter64],
  [8, 'ifHCInMulticastPkts', T.Counter64],
  [9, 'ifHCInBroadcastPkts', T.Counter64],
  [10, 'ifHCOutOctets', T.Counter64],
  [11, 'ifHCOutUcastPkts', T.Counter64],
  [12, 'ifHCOutMulticastPkts', T.Counter64],
  [13, 'ifHCOutBroadcastPkts', T.Counter64],
  [15, 'ifHighSpeed', T.Gauge],
  [19, 'ifCounterDiscontinuityTime', T.TimeTicks],
];

const c64 = (value: bigint): Buffer => {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(value);
  return bytes;
};

// The part of net-snmp's MIB API (typed `any`) used here.
interface Mib {
  registerProvider(provider: Record<string, unknown>): void;
  setScalarValue(name: string, value: unknown): void;
  addTableRow(table: string, row: unknown[]): void;
  setTableSingleCell(table: string, column: number, rowIndex: unknown[], value: unknown): void;
}

function buildMib(): Mib {
  const mib = (snmp as unknown as { createMib(): Mib }).createMib();
  const scalars: Array<[string, string, snmp.ObjectType, unknown]> = [
    ['sysDescr', '1.3.6.1.2.1.1.1', T.OctetString, 'bench switch'],
    ['sysObjectID', '1.3.6.1.2.1.1.2', T.OID, '1.3.6.1.4.1.8072.3.2.10'],
    ['sysUpTime', '1.3.6.1.2.1.1.3', T.TimeTicks, 1000],
    ['sysName', '1.3.6.1.2.1.1.5', T.OctetString, 'bench'],
  ];
  for (const [name, oid, scalarType, value] of scalars) {
    mib.registerProvider({ name, type: snmp.MibProviderType.Scalar, oid, scalarType, maxAccess: snmp.MaxAccess['read-only'] });
    mib.setScalarValue(name, value);
  }
  const columns = (list: typeof IF_COLUMNS) =>
    list.map(([number, name, type]) => ({ number, name, type, maxAccess: snmp.MaxAccess['read-only'] }));
  mib.registerProvider({
    name: 'ifTable',
    type: snmp.MibProviderType.Table,
    oid: '1.3.6.1.2.1.2.2.1',
    maxAccess: snmp.MaxAccess['not-accessible'],
    tableColumns: columns(IF_COLUMNS),
    tableIndex: [{ columnName: 'ifIndex' }],
  });
  mib.registerProvider({
    name: 'ifXTable',
    type: snmp.MibProviderType.Table,
    oid: '1.3.6.1.2.1.31.1.1.1',
    maxAccess: snmp.MaxAccess['not-accessible'],
    tableColumns: columns(IFX_COLUMNS),
    tableAugments: 'ifTable',
  });
  for (let i = 1; i <= interfaces; i++) {
    mib.addTableRow('ifTable', [i, `GigabitEthernet0/${i}`, 6, 1500, 1_000_000_000, 1, i % 5 === 0 ? 2 : 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    mib.addTableRow('ifXTable', [i, `Gi0/${i}`, ...Array.from({ length: 8 }, () => c64(0n)), 1000, 0]);
  }
  return mib;
}

async function freePort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

const mib = buildMib();
const agents: Array<{ close(): void }> = [];
const ports: number[] = [];
for (let k = 0; k < count; k++) {
  const port = await freePort();
  agents.push(
    (snmp.createAgent as (...args: unknown[]) => { close(): void })(
      { port, address: '127.0.0.1', disableAuthorization: true },
      () => {},
      mib,
    ),
  );
  ports.push(port);
}

// Traffic: counters grow and uptime moves, so every poll reads new values.
let tick = 0;
const timer = setInterval(() => {
  tick++;
  mib.setScalarValue('sysUpTime', 1000 + tick * 10);
  for (let i = 1; i <= interfaces; i++) {
    const octets = (tick * 125_000 * i) % 2 ** 32;
    mib.setTableSingleCell('ifTable', 10, [i], octets);
    mib.setTableSingleCell('ifTable', 16, [i], (octets * 2) % 2 ** 32);
    mib.setTableSingleCell('ifXTable', 6, [i], c64(BigInt(tick) * 125_000n * BigInt(i)));
    mib.setTableSingleCell('ifXTable', 10, [i], c64(BigInt(tick) * 250_000n * BigInt(i)));
  }
}, 100);

await new Promise((resolve) => setTimeout(resolve, 50));
process.stdout.write(`${JSON.stringify({ ports })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  clearInterval(timer);
  for (const agent of agents) agent.close();
  process.exit(0);
});
