import { definePlugin } from '@warden/core';
import { applyUpdatesAction } from './actions/apply-updates.js';
import { execAction } from './actions/exec.js';
import { putFileAction } from './actions/put-file.js';
import { rebootAction } from './actions/reboot.js';
import { serviceAction } from './actions/service.js';
import { filesCollector } from './collectors/files.js';
import { linuxCollector } from './collectors/linux.js';
import { systemdCollector } from './collectors/systemd.js';
import { updatesCollector } from './collectors/updates.js';
import { type SshOptions, type SshSettings, sshAssetSchema, sshOptionsSchema } from './options.js';
import { commandProbe } from './probes/command.js';
import { configDriftProbe } from './probes/config-drift.js';
import { fileAgeProbe } from './probes/file-age.js';
import { reachableProbe } from './probes/reachable.js';
import { systemdUnitProbe } from './probes/systemd-unit.js';
import { createSshSessions } from './transport/session.js';

/**
 * The ssh plugin: pooled SSH connections with strict host keys; the `ssh.linux`,
 * `ssh.systemd`, `ssh.updates` and `ssh.files` collectors; the `ssh.reachable`,
 * `ssh.command`, `ssh.systemdUnit`, `ssh.fileAge` and `ssh.configDrift` probes; and the
 * `ssh.exec`, `ssh.restartService`, `ssh.startService`, `ssh.stopService`,
 * `ssh.applyUpdates`, `ssh.reboot` and `ssh.putFile` actions.
 *
 * @param options - see {@link SshOptions}; `knownHosts` is needed to connect anywhere
 * @returns the plugin, for `createWarden({ plugins })`
 * @throws WardenError `ERR_CONFIG_INVALID` naming every invalid option
 * @example
 * ```ts
 * const warden = createWarden({ plugins: [ssh({ knownHosts: '/etc/warden/known_hosts' })] });
 * warden.assets.add({ id: 'web-1', kind: 'host', address: '10.0.0.5',
 *   ssh: { username: 'monitor', privateKey: secret.file('/etc/warden/id_ed25519') } });
 * warden.collect({ collector: 'ssh.linux', assets: 'kind=host', every: '1m' });
 * ```
 */
export const ssh = definePlugin<SshOptions | undefined>({
  name: 'ssh',
  version: '0.1.0',
  core: '^0.1.0',
  options: sshOptionsSchema.optional(),
  assetConfig: sshAssetSchema,
  setup(ctx, options) {
    const settings: SshSettings = sshOptionsSchema.parse(options ?? {});
    const sessions = createSshSessions(settings);
    ctx.collector(linuxCollector(sessions));
    ctx.collector(systemdCollector(sessions));
    ctx.collector(updatesCollector(sessions));
    ctx.collector(filesCollector(sessions));
    ctx.probe(reachableProbe(sessions));
    ctx.probe(commandProbe(sessions));
    ctx.probe(systemdUnitProbe(sessions));
    ctx.probe(fileAgeProbe(sessions));
    ctx.probe(configDriftProbe(sessions));
    ctx.action(execAction(sessions, settings.allowCommands ?? []));
    ctx.action(serviceAction(sessions, 'restart'));
    ctx.action(serviceAction(sessions, 'start'));
    ctx.action(serviceAction(sessions, 'stop'));
    ctx.action(applyUpdatesAction(sessions));
    ctx.action(rebootAction(sessions));
    ctx.action(putFileAction(sessions));
    ctx.onDispose(() => sessions.dispose());
  },
});
