// The typed registries (collector, probe and action names → params; asset.ssh) for every importer.
import './registry.js';

export type { ApplyUpdatesParams } from './actions/apply-updates.js';
export type { ExecParams } from './actions/exec.js';
export type { PutFileParams } from './actions/put-file.js';
export type { RebootParams } from './actions/reboot.js';
export type { ServiceParams } from './actions/service.js';
export type { FilesParams } from './collectors/files.js';
export type { LinuxParams } from './collectors/linux.js';
export type { SystemdParams } from './collectors/systemd.js';
export type { UpdatesParams } from './collectors/updates.js';
export type { KnownHostsOption, SshAssetConfig, SshOptions } from './options.js';
export { ssh } from './plugin.js';
export type { CommandParams } from './probes/command.js';
export type { ConfigDriftParams } from './probes/config-drift.js';
export type { FileAgeParams } from './probes/file-age.js';
export type { ReachableParams } from './probes/reachable.js';
export type { SystemdUnitParams } from './probes/systemd-unit.js';
export type { KnownHostEntry } from './transport/known-hosts.js';
export { fingerprint, parseKnownHosts } from './transport/known-hosts.js';
export { quoteArg, quoteArgv } from './transport/shell-quote.js';
