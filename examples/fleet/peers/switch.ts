// The switch: net-snmp's own in-process agent on a free 127.0.0.1 UDP port, serving the system
// group and IF-MIB (ifTable + ifXTable) of a small 4-port switch.
import { createSocket } from 'node:dgram';
import * as snmp from 'net-snmp';

/** The running agent (`await using` closes it). */
export interface SwitchPeer extends AsyncDisposable {
  /** UDP port on 127.0.0.1. */
  port: number;
  /** Sets an interface's ifOperStatus: up (1) or down (2). */
  setLink(ifIndex: number, up: boolean): void;
  /** Moves the agent's clock: sysUpTime and the traffic counters follow it. */
  setTime(ms: number): void;
  /** Closes the socket. */
  close(): Promise<void>;
}

const T = snmp.ObjectType;
const PORTS = [1, 2, 3, 4];
/** Bytes per second received on each port (transmit is half of it), so rates are not all zero. */
const RATE = [1_250_000, 400_000, 0, 90_000];

/** net-snmp treats port 0 as 161: find a free port ourselves. */
async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/** Counter64 as the agent encodes it: 8 big-endian bytes. */
function counter64(value: number): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(BigInt(Math.floor(value)));
  return bytes;
}

/**
 * Starts the agent (community `public`).
 *
 * @param bootedAt - when the switch booted (ms since the epoch), for sysUpTime
 * @returns the running agent
 */
export async function startSwitch(bootedAt: number): Promise<SwitchPeer> {
  const port = await freeUdpPort();
  const agent = snmp.createAgent({ port, address: '127.0.0.1', disableAuthorization: false }, () => {});
  agent.getAuthorizer().addCommunity('public');
  const mib = agent.getMib();
  const scalar = (name: string, oid: string, type: number, value: unknown) => {
    mib.registerProvider({ name, type: snmp.MibProviderType.Scalar, oid, scalarType: type, maxAccess: snmp.MaxAccess['read-only'] });
    mib.setScalarValue(name, value);
  };
  scalar('sysDescr', '1.3.6.1.2.1.1.1', T.OctetString, '4-port example switch (net-snmp agent in the fleet example)');
  scalar('sysObjectID', '1.3.6.1.2.1.1.2', T.OID, '1.3.6.1.4.1.8072.3.2.10');
  scalar('sysUpTime', '1.3.6.1.2.1.1.3', T.TimeTicks, 0);
  scalar('sysName', '1.3.6.1.2.1.1.5', T.OctetString, 'sw-1');
  scalar('sysLocation', '1.3.6.1.2.1.1.6', T.OctetString, 'rack A3');

  const column = (number: number, name: string, type: number) => ({ number, name, type, maxAccess: snmp.MaxAccess['read-only'] });
  mib.registerProvider({
    name: 'ifTable',
    type: snmp.MibProviderType.Table,
    oid: '1.3.6.1.2.1.2.2.1',
    maxAccess: snmp.MaxAccess['not-accessible'],
    tableColumns: [
      column(1, 'ifIndex', T.Integer),
      column(2, 'ifDescr', T.OctetString),
      column(5, 'ifSpeed', T.Gauge),
      column(7, 'ifAdminStatus', T.Integer),
      column(8, 'ifOperStatus', T.Integer),
    ],
    tableIndex: [{ columnName: 'ifIndex' }],
  });
  mib.registerProvider({
    name: 'ifXTable',
    type: snmp.MibProviderType.Table,
    oid: '1.3.6.1.2.1.31.1.1.1',
    maxAccess: snmp.MaxAccess['not-accessible'],
    tableColumns: [
      column(1, 'ifName', T.OctetString),
      column(6, 'ifHCInOctets', T.Counter64),
      column(10, 'ifHCOutOctets', T.Counter64),
      column(15, 'ifHighSpeed', T.Gauge),
    ],
    tableAugments: 'ifTable',
  });
  for (const i of PORTS) {
    // Port 3 is unused: administratively up, no link.
    mib.addTableRow('ifTable', [i, `GigabitEthernet0/${i}`, 1_000_000_000, 1, i === 3 ? 2 : 1]);
    mib.addTableRow('ifXTable', [i, `Gi0/${i}`, counter64(0), counter64(0), 1000]);
  }
  // Let the socket bind before the first request.
  await new Promise((resolve) => setImmediate(resolve));

  const close = () => new Promise<void>((resolve) => agent.close(() => resolve()));
  return {
    port,
    setLink(ifIndex, up) {
      mib.setTableSingleCell('ifTable', 8, [ifIndex], up ? 1 : 2);
    },
    setTime(ms) {
      const seconds = Math.max(0, (ms - bootedAt) / 1000);
      mib.setScalarValue('sysUpTime', Math.floor(seconds * 100) % 2 ** 32);
      for (const i of PORTS) {
        const rate = RATE[i - 1] ?? 0;
        mib.setTableSingleCell('ifXTable', 6, [i], counter64(rate * seconds));
        mib.setTableSingleCell('ifXTable', 10, [i], counter64((rate / 2) * seconds));
      }
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
