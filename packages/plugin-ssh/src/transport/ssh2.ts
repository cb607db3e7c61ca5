// The one place ssh2 is imported. ssh2 is CommonJS: from native ESM only `Client` is a named
// export, so take the default export and destructure.
import ssh2 from 'ssh2';

export type { Algorithms, ClientChannel, ConnectConfig, SFTPWrapper } from 'ssh2';

/** ssh2's client class. */
export const SshClient = ssh2.Client;
/** An ssh2 client connection. */
export type SshClient = InstanceType<typeof ssh2.Client>;
