import { createSocket } from 'node:dgram';
import * as snmp from 'net-snmp';

/** A free UDP port on 127.0.0.1 (net-snmp treats port 0 as 161, so we pick one ourselves). */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** A scalar served by the test agent (instance `.0` is added). */
export interface ScalarSpec {
  name: string;
  oid: string;
  type: snmp.ObjectType;
  value: unknown;
  writable?: boolean;
}

/** A table served by the test agent; the first column is the integer index. */
export interface TableSpec {
  name: string;
  entryOid: string;
  columns: Array<{ number: number; name: string; type: snmp.ObjectType }>;
  rows: unknown[][];
  /** The table whose index this one shares (rows then start with that index). */
  augments?: string;
}

/** What the test agent serves and who may ask. */
export interface AgentSpec {
  scalars?: ScalarSpec[];
  tables?: TableSpec[];
  communities?: string[];
  users?: snmp.User[];
  /** Loopback address to bind. @defaultValue '127.0.0.1' */
  address?: string;
  /** UDP port. @defaultValue a free one */
  port?: number;
  /** Accept any community (net-snmp's `disableAuthorization`), e.g. a canary generated later. */
  anyCommunity?: boolean;
}

/** A running in-process net-snmp agent on 127.0.0.1. */
export interface TestAgent {
  port: number;
  agent: {
    close(cb?: () => void): void;
    onMsg: (socket: unknown, buffer: Buffer, rinfo: unknown) => void;
    sendResponse: (socket: unknown, rinfo: unknown, request: unknown, pdu: { varbinds: Array<{ oid: string }> }) => void;
    getMib(): {
      setScalarValue(name: string, value: unknown): void;
      setTableSingleCell(table: string, column: number, rowIndex: unknown[], value: unknown): void;
    };
  };
  close(): Promise<void>;
}

/** Counter64 as the agent encodes it: 8 big-endian bytes. */
export function c64(value: bigint): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(value);
  return bytes;
}

/**
 * Starts net-snmp's own agent on a free loopback port, serving the given scalars and tables.
 */
export async function startAgent(spec: AgentSpec): Promise<TestAgent> {
  const port = spec.port ?? (await freeUdpPort());
  const agent = snmp.createAgent(
    { port, address: spec.address ?? '127.0.0.1', disableAuthorization: spec.anyCommunity ?? false },
    () => {},
  );
  const authorizer = agent.getAuthorizer();
  for (const community of spec.communities ?? ['public']) authorizer.addCommunity(community);
  for (const user of spec.users ?? []) authorizer.addUser(user);
  const mib = agent.getMib();
  for (const scalar of spec.scalars ?? []) {
    mib.registerProvider({
      name: scalar.name,
      type: snmp.MibProviderType.Scalar,
      oid: scalar.oid,
      scalarType: scalar.type,
      maxAccess: scalar.writable ? snmp.MaxAccess['read-write'] : snmp.MaxAccess['read-only'],
    });
    mib.setScalarValue(scalar.name, scalar.value);
  }
  for (const table of spec.tables ?? []) {
    mib.registerProvider({
      name: table.name,
      type: snmp.MibProviderType.Table,
      oid: table.entryOid,
      maxAccess: snmp.MaxAccess['not-accessible'],
      tableColumns: table.columns.map((c) => ({ ...c, maxAccess: snmp.MaxAccess['read-only'] })),
      ...(table.augments ? { tableAugments: table.augments } : { tableIndex: [{ columnName: table.columns[0]?.name }] }),
    });
    for (const row of table.rows) mib.addTableRow(table.name, row);
  }
  // Let the socket bind before the first request.
  await new Promise((resolve) => setImmediate(resolve));
  return {
    port,
    agent,
    close: () => new Promise<void>((resolve) => agent.close(() => resolve())),
  };
}

/**
 * A UDP relay on 127.0.0.1 in front of an agent that holds every answer back by `delayMs`, so a
 * request is reliably in flight when a test aborts it. Serves one client at a time.
 */
export async function startSlowRelay(targetPort: number, delayMs: number): Promise<{ port: number; close(): Promise<void> }> {
  const front = createSocket('udp4');
  const back = createSocket('udp4');
  await new Promise<void>((resolve) => front.bind(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => back.bind(0, '127.0.0.1', resolve));
  let client: { address: string; port: number } | undefined;
  const timers = new Set<NodeJS.Timeout>();
  front.on('message', (buffer, rinfo) => {
    client = { address: rinfo.address, port: rinfo.port };
    back.send(buffer, targetPort, '127.0.0.1');
  });
  back.on('message', (buffer) => {
    const to = client;
    if (!to) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      front.send(buffer, to.port, to.address);
    }, delayMs);
    timers.add(timer);
  });
  return {
    port: front.address().port,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      await new Promise<void>((resolve) => front.close(() => resolve()));
      await new Promise<void>((resolve) => back.close(() => resolve()));
    },
  };
}

/** A UDP socket on 127.0.0.1 that never answers. */
export async function startSilentAgent(): Promise<{ port: number; close(): Promise<void> }> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  return { port: socket.address().port, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}

const T = snmp.ObjectType;

/** The system group of a small switch. */
export const SYSTEM_SCALARS: ScalarSpec[] = [
  { name: 'sysDescr', oid: '1.3.6.1.2.1.1.1', type: T.OctetString, value: 'Test switch v1.2' },
  { name: 'sysObjectID', oid: '1.3.6.1.2.1.1.2', type: T.OID, value: '1.3.6.1.4.1.9.1.516' },
  { name: 'sysUpTime', oid: '1.3.6.1.2.1.1.3', type: T.TimeTicks, value: 123456 },
  { name: 'sysContact', oid: '1.3.6.1.2.1.1.4', type: T.OctetString, value: 'noc@example.org', writable: true },
  { name: 'sysName', oid: '1.3.6.1.2.1.1.5', type: T.OctetString, value: 'sw-test' },
];

/**
 * ifTable + ifXTable with `count` interfaces: index i, name `Gi0/i`, up when i is odd,
 * octets in = i × 1000, HC octets in = i × 2³³, ifCounterDiscontinuityTime 0.
 */
export function interfaceTables(count: number): TableSpec[] {
  const rows = Array.from({ length: count }, (_, k) => k + 1);
  return [
    {
      name: 'ifTable',
      entryOid: '1.3.6.1.2.1.2.2.1',
      columns: [
        { number: 1, name: 'ifIndex', type: T.Integer },
        { number: 2, name: 'ifDescr', type: T.OctetString },
        { number: 5, name: 'ifSpeed', type: T.Gauge },
        { number: 7, name: 'ifAdminStatus', type: T.Integer },
        { number: 8, name: 'ifOperStatus', type: T.Integer },
        { number: 10, name: 'ifInOctets', type: T.Counter },
        { number: 14, name: 'ifInErrors', type: T.Counter },
        { number: 16, name: 'ifOutOctets', type: T.Counter },
      ],
      rows: rows.map((i) => [i, `GigabitEthernet0/${i}`, 1_000_000_000, 1, i % 2 === 1 ? 1 : 2, i * 1000, i, i * 2000]),
    },
    {
      name: 'ifXTable',
      entryOid: '1.3.6.1.2.1.31.1.1.1',
      columns: [
        { number: 1, name: 'ifName', type: T.OctetString },
        { number: 6, name: 'ifHCInOctets', type: T.Counter64 },
        { number: 10, name: 'ifHCOutOctets', type: T.Counter64 },
        { number: 15, name: 'ifHighSpeed', type: T.Gauge },
        { number: 19, name: 'ifCounterDiscontinuityTime', type: T.TimeTicks },
      ],
      augments: 'ifTable',
      rows: rows.map((i) => [i, `Gi0/${i}`, c64(BigInt(i) * 2n ** 33n), c64(BigInt(i) * 3n), 1000, 0]),
    },
  ];
}
