// The SNMP agent and SSH server of the system suite, when they are there: scripts/system/run.sh
// starts a private snmpd and sshd on loopback and exports where they are (WARDEN_SNMPD_PORT from
// peers/snmpd.sh; SSHD_PORT, SSHD_USER, SSHD_CLIENT_KEY, SSHD_KNOWN_HOSTS from peers/sshd.sh).
// Set the same variables to point the quickstart at your own. Without them it adds nothing.
import { secret, type Warden, type WardenPlugin } from '@warden/core';

/** What the quickstart adds for the peers it found. */
export interface Peers {
  /** Plugins to create Warden with (none when no peer is there). */
  plugins: WardenPlugin[];
  /** One line per peer found, for the user. */
  found: string[];
  /** Adds the peers as assets, with their collectors and checks. */
  watch(warden: Warden): void;
  /** Metric rows (name, value) read from what was collected. */
  readings(warden: Warden): string[][];
}

/** Reads a variable; an empty one counts as unset. */
const env = (name: string): string | undefined => process.env[name] || undefined;

/**
 * Looks for the peers in the environment and loads the plugins they need.
 *
 * @returns what to add; empty when no peer is configured
 */
export async function findPeers(): Promise<Peers> {
  const plugins: WardenPlugin[] = [];
  const found: string[] = [];
  const watchers: Array<(warden: Warden) => void> = [];
  const readers: Array<(warden: Warden) => string[][]> = [];

  const snmpdPort = Number(env('WARDEN_SNMPD_PORT'));
  if (snmpdPort > 0) {
    const { snmp } = await import('@warden/plugin-snmp');
    plugins.push(snmp());
    found.push(`snmpd on 127.0.0.1:${snmpdPort} (SNMPv2c, community public)`);
    watchers.push((warden) => {
      warden.assets.add({ id: 'snmpd', kind: 'host', address: '127.0.0.1', snmp: { version: '2c', port: snmpdPort, community: 'public' } });
      warden.collect({ collector: 'snmp.system', assets: { ids: ['snmpd'] }, every: '5s' });
      warden.check({ id: 'snmp-up', assets: { ids: ['snmpd'] }, probe: 'snmp.reachable', every: '5s', liveness: true });
    });
    readers.push((warden) => {
      const uptime = warden.metrics.latest('system.uptime', { asset: 'snmpd' });
      return [['snmpd system.uptime', uptime ? `${uptime.value.toFixed(0)} s` : 'n/a']];
    });
  }

  const sshd = {
    port: Number(env('SSHD_PORT')),
    user: env('SSHD_USER'),
    key: env('SSHD_CLIENT_KEY'),
    knownHosts: env('SSHD_KNOWN_HOSTS'),
  };
  if (sshd.port > 0 && sshd.user && sshd.key && sshd.knownHosts) {
    const { ssh } = await import('@warden/plugin-ssh');
    // Host keys are checked strictly against the suite's known_hosts file.
    plugins.push(ssh({ knownHosts: sshd.knownHosts }));
    found.push(`sshd on 127.0.0.1:${sshd.port} (user ${sshd.user}, host keys from ${sshd.knownHosts})`);
    const login = { port: sshd.port, username: sshd.user, privateKey: secret.file(sshd.key) };
    watchers.push((warden) => {
      warden.assets.add({ id: 'sshd', kind: 'host', address: '127.0.0.1', ssh: login });
      warden.collect({ collector: 'ssh.linux', assets: { ids: ['sshd'] }, every: '5s' });
      warden.check({ id: 'ssh-up', assets: { ids: ['sshd'] }, probe: 'ssh.reachable', every: '5s', liveness: true });
    });
    readers.push((warden) => {
      const memory = warden.metrics.latest('system.memory.utilization', { asset: 'sshd' });
      const load = warden.metrics.latest('system.cpu.load_average.1m', { asset: 'sshd' });
      return [
        ['sshd system.memory.utilization', memory ? `${(memory.value * 100).toFixed(1)} %` : 'n/a'],
        ['sshd system.cpu.load_average.1m', load ? load.value.toFixed(2) : 'n/a'],
      ];
    });
  }

  return {
    plugins,
    found,
    watch: (warden) => {
      for (const watch of watchers) watch(warden);
    },
    readings: (warden) => readers.flatMap((read) => read(warden)),
  };
}
