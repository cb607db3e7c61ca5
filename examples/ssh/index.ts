// Watch a Linux host over SSH: metrics with ssh.linux, liveness with ssh.reachable, a service
// with ssh.systemdUnit, disk space from the collected metrics; one pass, then exit with the
// Nagios code of the run (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN).
//
//   SSH_HOST=10.0.0.5 SSH_USER=monitor SSH_KEY=~/.ssh/id_ed25519 SSH_KNOWN_HOSTS=~/.ssh/known_hosts \
//     npx tsx --conditions=@warden/source examples/ssh/index.ts
//
// Without SSH_* it uses the private sshd the system suite starts (SSHD_* from
// scripts/system/peers/sshd.sh). Host keys are checked strictly: add the host to known_hosts
// first (`ssh-keyscan -p PORT HOST >> known_hosts`, then verify the fingerprint).
import { createWarden, secret } from '@warden/core';
import { ssh } from '@warden/plugin-ssh';

const env = (name: string, fallback?: string) => process.env[name] ?? (fallback === undefined ? undefined : process.env[fallback]);
const host = env('SSH_HOST') ?? '127.0.0.1';
const port = Number(env('SSH_PORT', 'SSHD_PORT') ?? 22);
const user = env('SSH_USER', 'SSHD_USER');
const key = env('SSH_KEY', 'SSHD_CLIENT_KEY');
const knownHosts = env('SSH_KNOWN_HOSTS', 'SSHD_KNOWN_HOSTS');
if (!user || !key || !knownHosts) {
  console.log('UNKNOWN - set SSH_USER, SSH_KEY and SSH_KNOWN_HOSTS (and SSH_HOST, SSH_PORT)');
  process.exit(3);
}

await using warden = createWarden({ plugins: [ssh({ knownHosts, commandTimeout: '20s' })] });

// The private key is a secret: read at the moment of use, never printed.
warden.assets.add({ id: 'web-1', kind: 'host', address: host, ssh: { port, username: user, privateKey: secret.file(key) } });

warden.collect({ collector: 'ssh.linux', assets: 'kind=host', every: '1m' });
warden.check({ id: 'ssh', assets: 'kind=host', probe: 'ssh.reachable', every: '30s', liveness: true });
warden.check({ id: 'sshd-unit', assets: 'kind=host', probe: 'ssh.systemdUnit', params: { unit: 'ssh' }, every: '1m' });
// Disk space of / from the collected metrics (a metric check `{ metric, warn, crit }` does the
// same for every mount point).
warden.check({
  id: 'disk',
  assets: 'kind=host',
  every: '1m',
  run(asset) {
    const used = warden.metrics.latest('system.filesystem.utilization', { asset: asset.id, mountpoint: '/' });
    if (!used) return { status: 'unknown', summary: 'no reading of / yet' };
    const status = used.value > 0.9 ? 'critical' : used.value > 0.8 ? 'warning' : 'ok';
    return { status, summary: `/ is ${(used.value * 100).toFixed(1)}% full` };
  },
});

const report = await warden.runOnce();
for (const r of report.results) console.log(`${r.status.toUpperCase().padEnd(8)} ${r.check} on ${r.asset}: ${r.summary}`);
const load = warden.metrics.latest('system.cpu.load_average.1m', { asset: 'web-1' });
const mem = warden.metrics.latest('system.memory.utilization', { asset: 'web-1' });
if (load && mem) console.log(`load ${load.value.toFixed(2)}, memory ${(mem.value * 100).toFixed(1)}% used`);
process.exitCode = report.exitCode;
