// Patch a Linux host only inside a maintenance window: ssh.applyUpdates asks Warden whether the
// host is in one and refuses otherwise. Lists what is pending, shows the refusal outside a
// window, then — only with --yes — opens a one-hour window and installs the updates.
//
//   SSH_HOST=10.0.0.5 SSH_USER=ops SSH_KEY=~/.ssh/id_ed25519 SSH_KNOWN_HOSTS=~/.ssh/known_hosts \
//     npx tsx --conditions=@warden/source examples/ssh/patch.ts [--yes]
//
// With --yes this REALLY upgrades the host's packages (through `sudo -n`). Without SSH_* it
// uses the private sshd of the system suite, whose test account has a fake apt-get and sudo.
import { createWarden, secret } from '@warden/core';
import { ssh } from '@warden/plugin-ssh';

const env = (name: string, fallback?: string) => process.env[name] ?? (fallback === undefined ? undefined : process.env[fallback]);
const user = env('SSH_USER', 'SSHD_USER');
const key = env('SSH_KEY', 'SSHD_CLIENT_KEY');
const knownHosts = env('SSH_KNOWN_HOSTS', 'SSHD_KNOWN_HOSTS');
if (!user || !key || !knownHosts) {
  console.log('set SSH_USER, SSH_KEY and SSH_KNOWN_HOSTS (and SSH_HOST, SSH_PORT)');
  process.exit(3);
}

await using warden = createWarden({ plugins: [ssh({ knownHosts })] });
warden.assets.add({
  id: 'web-1',
  kind: 'host',
  address: env('SSH_HOST') ?? '127.0.0.1',
  ssh: { port: Number(env('SSH_PORT', 'SSHD_PORT') ?? 22), username: user, privateKey: secret.file(key) },
});

// What is pending (a dry run of the package manager: nothing is installed).
warden.collect({ collector: 'ssh.updates', assets: { ids: ['web-1'] }, every: '1h' });
await warden.runOnce();
const pending = warden.metrics.latest('system.updates.pending', { asset: 'web-1', kind: 'all' });
const security = warden.metrics.latest('system.updates.pending', { asset: 'web-1', kind: 'security' });
console.log(`pending: ${pending?.value ?? '?'} updates, ${security?.value ?? '?'} of them security`);

// Outside a window: refused, nothing runs on the host.
const refused = await warden.act('ssh.applyUpdates', 'web-1', {});
console.log(`outside a window: ${refused.ok ? 'ran' : `refused (${refused.error?.split(';')[0]})`}`);

if (process.argv.includes('--yes')) {
  // A window from now for an hour (a recurring one: { cron: '0 2 * * 0', duration: '2h' }).
  warden.maintenance({ assets: { ids: ['web-1'] }, from: Date.now(), to: Date.now() + 3_600_000, reason: 'patching' });
  const result = await warden.act('ssh.applyUpdates', 'web-1', {});
  console.log(`inside the window: ${result.ok ? 'ok' : `failed: ${result.error}`}`);
  console.log(result.output?.split('\n').slice(0, 3).join('\n') ?? '');
  process.exitCode = result.ok ? 0 : 2;
} else {
  console.log('run with --yes to open a one-hour window and install them');
}
