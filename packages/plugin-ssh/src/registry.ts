import type { ApplyUpdatesParams } from './actions/apply-updates.js';
import type { ExecParams } from './actions/exec.js';
import type { PutFileParams } from './actions/put-file.js';
import type { RebootParams } from './actions/reboot.js';
import type { ServiceParams } from './actions/service.js';
import type { FilesParams } from './collectors/files.js';
import type { LinuxParams } from './collectors/linux.js';
import type { SystemdParams } from './collectors/systemd.js';
import type { UpdatesParams } from './collectors/updates.js';
import type { SshAssetConfig } from './options.js';
import type { CommandParams } from './probes/command.js';
import type { ConfigDriftParams } from './probes/config-drift.js';
import type { FileAgeParams } from './probes/file-age.js';
import type { ReachableParams } from './probes/reachable.js';
import type { SystemdUnitParams } from './probes/systemd-unit.js';

// Typed names and params: `warden.check({ probe: 'ssh.systemdUnit', params: { unit: 'nginx' } })`
// is checked at compile time, and `asset.ssh` is typed.
declare module '@warden/core' {
  interface AssetConnections {
    /** SSH connection settings, validated by the ssh plugin. */
    ssh?: SshAssetConfig;
  }
  interface CollectorRegistry {
    'ssh.linux': LinuxParams;
    'ssh.systemd': SystemdParams;
    'ssh.updates': UpdatesParams;
    'ssh.files': FilesParams;
  }
  interface ProbeRegistry {
    'ssh.reachable': ReachableParams;
    'ssh.command': CommandParams;
    'ssh.systemdUnit': SystemdUnitParams;
    'ssh.fileAge': FileAgeParams;
    'ssh.configDrift': ConfigDriftParams;
  }
  interface ActionRegistry {
    'ssh.exec': ExecParams;
    'ssh.restartService': ServiceParams;
    'ssh.startService': ServiceParams;
    'ssh.stopService': ServiceParams;
    'ssh.applyUpdates': ApplyUpdatesParams;
    'ssh.reboot': RebootParams;
    'ssh.putFile': PutFileParams;
  }
}
