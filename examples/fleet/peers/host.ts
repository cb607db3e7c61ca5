// The host: an ssh2 server on a free 127.0.0.1 port that runs nothing. It answers the command
// lines Warden's SSH plugin sends with output recorded from real programs (see ../recorded/),
// so the example behaves the same on every machine and never touches this one.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fingerprint, quoteArgv } from '@warden/plugin-ssh';
import ssh2 from 'ssh2';

const { Server, utils } = ssh2;

const recorded = (name: string): string => readFileSync(new URL(`../recorded/${name}`, import.meta.url), 'utf8');

/** The argv of the database check the example runs on the host (`ssh.command`, nagios mode). */
export const CHECK_DB = ['/usr/lib/nagios/plugins/check_tcp', '-H', '127.0.0.1', '-p', '5432'];

/** The systemd unit the host runs (the shop). */
export const SERVICE = 'shop';

/** What a command answers. */
interface Answer {
  stdout?: string;
  stderr?: string;
  code: number;
}

/** The running SSH peer (`await using` closes it). */
export interface HostPeer extends AsyncDisposable {
  /** TCP port on 127.0.0.1. */
  port: number;
  /** Login name it accepts. */
  username: string;
  /** The client's private key (OpenSSH format): the only key it accepts. */
  clientKey: string;
  /** `SHA256:…` fingerprint of its host key, to pin in Warden's `knownHosts`. */
  hostKeyFingerprint: string;
  /** Every command line received, in order. */
  commands: string[];
  /** Whether PostgreSQL listens on 5432 (what `check_tcp` answers). */
  postgres: boolean;
  /** Closes the server. */
  close(): Promise<void>;
}

/**
 * Starts the server. `onRestart(unit)` is called when `systemctl restart <unit>` arrives.
 *
 * @param onRestart - what a restart of a unit does
 * @returns the running peer
 */
export async function startHost(onRestart: (unit: string) => void): Promise<HostPeer> {
  // ECDSA keys: ssh2's ed25519 generation occasionally yields a malformed key.
  const hostKey = utils.generateKeyPairSync('ecdsa', { bits: 256 });
  const clientKey = utils.generateKeyPairSync('ecdsa', { bits: 256 });
  const allowed = parsePublic(clientKey.public);
  const linux = [recorded('debian12-a.txt'), recorded('debian12-b.txt')];
  let linuxReads = 0;

  const peer: HostPeer = {
    port: 0,
    username: 'monitor',
    clientKey: clientKey.private,
    hostKeyFingerprint: fingerprint(parsePublic(hostKey.public).getPublicSSH()),
    commands: [],
    postgres: true,
    close: async () => {},
    [Symbol.asyncDispose]: () => peer.close(),
  };

  // Command lines arrive quoted, maybe behind `sudo -n --`, `env NAME=…`, `NAME=…` and
  // `setsid -w` (how the plugin tags and times out commands): match on the command itself.
  const is = (line: string, argv: string[]) => line === quoteArgv(argv) || line.endsWith(` ${quoteArgv(argv)}`);
  function answer(line: string): Answer {
    if (line.includes('@@warden:end')) {
      // ssh.linux's script (its output ends with that marker): the first recorded reading,
      // then the second one, taken a second later.
      const text = linux[Math.min(linuxReads++, linux.length - 1)] as string;
      return { stdout: text, code: 0 };
    }
    if (is(line, ['true'])) return { code: 0 };
    if (is(line, CHECK_DB))
      return peer.postgres ? { stdout: recorded('check_tcp-ok.txt'), code: 0 } : { stdout: recorded('check_tcp-refused.txt'), code: 2 };
    // The one service it runs: restarting it works, and it is active afterwards.
    if (is(line, ['systemctl', 'restart', '--', SERVICE])) {
      onRestart(SERVICE);
      return { code: 0 };
    }
    if (is(line, ['systemctl', 'is-active', '--', SERVICE])) return { stdout: 'active\n', code: 0 };
    return { stderr: `sh: 1: ${line.split(' ')[0]}: not found\n`, code: 127 };
  }

  const server = new Server({ hostKeys: [hostKey.private] }, (client) => {
    client.on('authentication', (ctx) => {
      // Public key only, and only the example's client key, with a valid signature.
      if (ctx.method !== 'publickey' || ctx.username !== peer.username || !ctx.key.data.equals(allowed.getPublicSSH()))
        return ctx.reject(['publickey']);
      if (!ctx.signature || !ctx.blob) return ctx.accept(); // the key is offered: say it would do
      return allowed.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true ? ctx.accept() : ctx.reject(['publickey']);
    });
    client.on('ready', () => {
      client.on('session', (accept) => {
        accept().on('exec', (acceptExec, _reject, info) => {
          peer.commands.push(info.command);
          const stream = acceptExec();
          const { stdout, stderr, code } = answer(info.command);
          if (stdout) stream.write(stdout);
          if (stderr) stream.stderr.write(stderr);
          stream.exit(code);
          stream.end();
        });
      });
    });
    client.on('error', () => {}); // a client that goes away mid-handshake is not our problem
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  peer.port = (server.address() as AddressInfo).port;
  peer.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return peer;
}

function parsePublic(text: string) {
  const key = utils.parseKey(text);
  if (key instanceof Error) throw key;
  return Array.isArray(key) ? key[0] : key;
}
