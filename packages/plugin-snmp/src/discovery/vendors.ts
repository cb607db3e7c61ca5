/** What the system group suggests a device is. */
export interface DeviceGuess {
  /** Vendor from the sysObjectID enterprise number, when known. */
  vendor?: string;
  /** The IANA enterprise number under 1.3.6.1.4.1. */
  enterprise?: number;
  /** Asset kind: `network-device`, `host`, `ups`, `pdu`, `printer`, `cooling`, `storage`. */
  kind: string;
  /** Operating system, when sysDescr names one. */
  os?: string;
}

/** What the enterprise table knows about a vendor. */
export interface EnterpriseInfo {
  /** Vendor name. */
  vendor: string;
  /** The asset kind its devices usually are. */
  kind: string;
}

/** Enterprise number → vendor and the kind its devices usually are. */
export const ENTERPRISES: ReadonlyMap<number, EnterpriseInfo> = new Map([
  [9, { vendor: 'Cisco', kind: 'network-device' }],
  [11, { vendor: 'HP', kind: 'network-device' }],
  [171, { vendor: 'D-Link', kind: 'network-device' }],
  [232, { vendor: 'HPE', kind: 'host' }],
  [311, { vendor: 'Microsoft', kind: 'host' }],
  [318, { vendor: 'APC', kind: 'ups' }],
  [476, { vendor: 'Vertiv (Liebert)', kind: 'cooling' }],
  [534, { vendor: 'Eaton', kind: 'ups' }],
  [674, { vendor: 'Dell', kind: 'host' }],
  [705, { vendor: 'MGE', kind: 'ups' }],
  [789, { vendor: 'NetApp', kind: 'storage' }],
  [1718, { vendor: 'Server Technology', kind: 'pdu' }],
  [1991, { vendor: 'Brocade (Foundry)', kind: 'network-device' }],
  [2011, { vendor: 'Huawei', kind: 'network-device' }],
  [2021, { vendor: 'Net-SNMP (UCD)', kind: 'host' }],
  [2636, { vendor: 'Juniper', kind: 'network-device' }],
  [3375, { vendor: 'F5', kind: 'network-device' }],
  [3808, { vendor: 'CyberPower', kind: 'ups' }],
  [4526, { vendor: 'Netgear', kind: 'network-device' }],
  [6527, { vendor: 'Nokia (Alcatel-Lucent)', kind: 'network-device' }],
  [6876, { vendor: 'VMware', kind: 'host' }],
  [8072, { vendor: 'Net-SNMP', kind: 'host' }],
  [11863, { vendor: 'TP-Link', kind: 'network-device' }],
  [12356, { vendor: 'Fortinet', kind: 'network-device' }],
  [13742, { vendor: 'Raritan', kind: 'pdu' }],
  [14988, { vendor: 'MikroTik', kind: 'network-device' }],
  [25461, { vendor: 'Palo Alto Networks', kind: 'network-device' }],
  [30065, { vendor: 'Arista', kind: 'network-device' }],
  [41112, { vendor: 'Ubiquiti', kind: 'network-device' }],
]);

const ENTERPRISE_PREFIX = '1.3.6.1.4.1.';

// Product lines whose sysObjectID says more than the vendor's usual kind.
const PRODUCT_KINDS: ReadonlyArray<[string, string]> = [
  ['1.3.6.1.4.1.318.1.3.4.', 'pdu'], // APC Rack PDUs
  ['1.3.6.1.4.1.318.1.3.14.', 'cooling'], // APC InRow / cooling units
  ['1.3.6.1.4.1.534.6.6.', 'pdu'], // Eaton ePDU
  ['1.3.6.1.4.1.11.2.3.9.', 'printer'], // HP JetDirect
  ['1.3.6.1.4.1.9.1.', 'network-device'], // Cisco products
];

// sysDescr words that settle the kind whatever the vendor (APC makes PDUs, HP printers).
const KIND_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/\b(rack ?pdu|switched pdu|metered pdu|pdu|rpdu\w*|epdu)\b/i, 'pdu'],
  [/\b(ups|smart-ups|symmetra|powerware|network management card)\b/i, 'ups'],
  [/\b(jetdirect|laserjet|printer|officejet)\b/i, 'printer'],
  [/\b(crac|crah|inrow|air ?handler|chiller)\b/i, 'cooling'],
  [/\b(switch|router|firewall|catalyst|nexus|junos|ios|procurve|aruba|routeros|fortigate|pan-os|eos)\b/i, 'network-device'],
  [/\b(linux|windows|freebsd|openbsd|netbsd|sunos|solaris|aix|hp-ux|darwin|esxi)\b/i, 'host'],
];

const OS_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/\bCisco IOS XE\b/i, 'IOS XE'],
  [/\bCisco NX-OS\b/i, 'NX-OS'],
  [/\bCisco IOS\b/i, 'IOS'],
  [/\bJUNOS\b/i, 'Junos'],
  [/\bArista Networks EOS\b/i, 'EOS'],
  [/\bRouterOS\b/i, 'RouterOS'],
  [/\bLinux\b/, 'Linux'],
  [/\bWindows\b/, 'Windows'],
  [/\bFreeBSD\b/, 'FreeBSD'],
  [/\bVMware ESXi\b/i, 'ESXi'],
];

/**
 * The IANA enterprise number of a sysObjectID (`1.3.6.1.4.1.9.1.516` → 9).
 *
 * @param sysObjectID - the OID, with or without a leading dot
 * @returns the enterprise number, or `undefined` outside 1.3.6.1.4.1
 */
export function enterpriseOf(sysObjectID: string): number | undefined {
  const oid = sysObjectID.startsWith('.') ? sysObjectID.slice(1) : sysObjectID;
  if (!oid.startsWith(ENTERPRISE_PREFIX)) return undefined;
  const n = Number(oid.slice(ENTERPRISE_PREFIX.length).split('.')[0]);
  return Number.isInteger(n) ? n : undefined;
}

/**
 * Guesses vendor, kind and OS from sysObjectID and sysDescr: the enterprise table gives the
 * vendor and its usual kind; a known product line (APC Rack PDU, HP JetDirect) or words in
 * sysDescr (PDU, UPS, switch, Linux, …) override the kind.
 * A device nothing is known about is a `network-device` (what answers SNMP usually is).
 *
 * @param sysObjectID - the agent's sysObjectID, if it gave one
 * @param sysDescr - the agent's sysDescr, if it gave one
 * @returns the guess
 * @example
 * ```ts
 * guessDevice('1.3.6.1.4.1.318.1.3.4.5', 'APC Web/SNMP Management Card (MB:v4.1.0 PF:v6.4.6 PN:apc_hw05_rpdu2g)  Rack PDU');
 * // { vendor: 'APC', enterprise: 318, kind: 'pdu' }
 * ```
 */
export function guessDevice(sysObjectID: string | undefined, sysDescr: string | undefined): DeviceGuess {
  const enterprise = sysObjectID ? enterpriseOf(sysObjectID) : undefined;
  const known = enterprise === undefined ? undefined : ENTERPRISES.get(enterprise);
  const text = sysDescr ?? '';
  const oid = sysObjectID?.replace(/^\./, '') ?? '';
  const byProduct = PRODUCT_KINDS.find(([prefix]) => oid.startsWith(prefix))?.[1];
  const byWords = KIND_WORDS.find(([pattern]) => pattern.test(text))?.[1];
  const guess: DeviceGuess = { kind: byProduct ?? byWords ?? known?.kind ?? 'network-device' };
  if (known) guess.vendor = known.vendor;
  if (enterprise !== undefined) guess.enterprise = enterprise;
  const os = OS_WORDS.find(([pattern]) => pattern.test(text))?.[1];
  if (os) guess.os = os;
  return guess;
}
