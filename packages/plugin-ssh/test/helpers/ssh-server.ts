// An in-process SSH server (ssh2's Server) on a free 127.0.0.1 port that runs exec requests
// with /bin/sh in a new session, like sshd without a pty: closing the channel does not stop the
// command.
import { type ChildProcess, spawn } from 'node:child_process';
import { timingSafeEqual } from 'node:crypto';
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { type AddressInfo, connect } from 'node:net';
import ssh2 from 'ssh2';

const { Server, utils } = ssh2;
const { STATUS_CODE } = utils.sftp;
const sftpUtils = utils.sftp;
const keys = new URL('../fixtures/keys/', import.meta.url);
/** Read a fixture key file. */
export const fixtureKey = (name: string): string => readFileSync(new URL(name, keys), 'utf8');

/** A running test server. */
export interface TestServer {
  port: number;
  /** Every command line received, in order. */
  commands: string[];
  /** Sessions open right now, and the most seen at once. */
  sessions: { open: number; max: number; refused: number };
  /** Connections accepted so far. */
  connections: number;
  /** Forwarded destinations (jump-host use), `ip:port`. */
  forwards: string[];
  /** Login names of the connections closed so far. */
  closedUsers: string[];
  /** While true, new connections are dropped before the handshake (a host rebooting). */
  down: boolean;
  /** Ends every open connection at once (a host going away). */
  dropAll(): void;
  close(): Promise<void>;
}

/** What a simulated command answers instead of running. */
export interface SimulatedExec {
  stdout?: string;
  exitCode?: number;
}

/** Server options. */
export interface TestServerOptions {
  hostKey?: string;
  password?: string;
  /** Refuse session channels beyond this many per connection (OpenSSH MaxSessions). */
  maxSessions?: number;
  /** Extra environment for the commands (a PATH with shims first). */
  env?: Record<string, string>;
  /** The server's algorithm lists (ssh2 `algorithms`), to provoke negotiation failures. */
  algorithms?: { kex?: string[]; cipher?: string[] };
  /** Answers some commands instead of running them (a simulated host); undefined runs it. */
  simulate?: (command: string, server: TestServer) => SimulatedExec | undefined;
}

/**
 * Starts the server.
 *
 * @param options - host key, password, session limit
 * @returns the server handle
 */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const clientKey = utils.parseKey(fixtureKey('client_ecdsa.pub'));
  if (clientKey instanceof Error) throw clientKey;
  const allowedPub = clientKey.getPublicSSH();
  const children = new Set<ChildProcess>();
  const state: TestServer = {
    port: 0,
    commands: [],
    sessions: { open: 0, max: 0, refused: 0 },
    connections: 0,
    forwards: [],
    closedUsers: [],
    down: false,
    dropAll: () => {
      for (const c of connected) c.end();
    },
    close: async () => {},
  };
  const connected = new Set<{ end(): void }>();
  const server = new Server(
    { hostKeys: [options.hostKey ?? fixtureKey('host_ecdsa')], ...(options.algorithms ? { algorithms: options.algorithms as never } : {}) },
    (client) => {
      if (state.down) {
        client.on('error', () => {});
        client.end();
        return;
      }
      state.connections++;
      connected.add(client);
      let open = 0;
      let user = '';
      client.on('authentication', (ctx) => {
        user = ctx.username;
        if (ctx.method === 'password' && options.password !== undefined && ctx.password === options.password) return ctx.accept();
        if (ctx.method === 'publickey') {
          const offered = ctx.key.data;
          if (offered.length === allowedPub.length && timingSafeEqual(offered, allowedPub)) {
            if (!ctx.signature || !ctx.blob) return ctx.accept();
            if (clientKey.verify(ctx.blob, ctx.signature, ctx.hashAlgo) === true) return ctx.accept();
          }
        }
        ctx.reject(['publickey', 'password']);
      });
      client.on('ready', () => {
        // direct-tcpip (a jump host's port forwarding): connect and pipe.
        client.on('tcpip', (accept, reject, info) => {
          state.forwards.push(`${info.destIP}:${info.destPort}`);
          const sock = connect(info.destPort, info.destIP);
          sock.once('error', () => reject());
          sock.once('connect', () => {
            const channel = accept();
            sock.pipe(channel).pipe(sock);
            channel.on('error', () => sock.destroy());
            sock.on('error', () => channel.destroy());
          });
        });
        client.on('session', (accept, reject) => {
          if (options.maxSessions !== undefined && open >= options.maxSessions) {
            state.sessions.refused++;
            return reject();
          }
          const session = accept();
          open++;
          state.sessions.open++;
          state.sessions.max = Math.max(state.sessions.max, state.sessions.open);
          let closed = false;
          const done = () => {
            if (closed) return;
            closed = true;
            open--;
            state.sessions.open--;
          };
          session.on('close', done);
          // A minimal SFTP subsystem (open for writing, write, close, remove), like a server
          // without OpenSSH's extensions: no posix-rename is announced.
          session.on('sftp', (acceptSftp) => {
            const sftp = acceptSftp();
            const files = new Map<string, number>();
            let next = 0;
            const fail = (id: number, err: unknown) => sftp.status(id, STATUS_CODE.FAILURE, String(err));
            sftp.on('OPEN', (id, filename, flags, attrs) => {
              try {
                const fd = openSync(filename, sftpUtils.flagsToString(flags) ?? 'r', attrs.mode ?? 0o644);
                const handle = Buffer.from(String(next++));
                files.set(handle.toString(), fd);
                sftp.handle(id, handle);
              } catch (err) {
                fail(id, err);
              }
            });
            sftp.on('WRITE', (id, handle, offset, data) => {
              const fd = files.get(handle.toString());
              if (fd === undefined) return fail(id, 'bad handle');
              writeSync(fd, data, 0, data.length, offset);
              sftp.status(id, STATUS_CODE.OK);
            });
            sftp.on('CLOSE', (id, handle) => {
              const fd = files.get(handle.toString());
              if (fd !== undefined) closeSync(fd);
              files.delete(handle.toString());
              sftp.status(id, STATUS_CODE.OK);
            });
            sftp.on('REMOVE', (id, path) => {
              try {
                unlinkSync(path);
                sftp.status(id, STATUS_CODE.OK);
              } catch (err) {
                fail(id, err);
              }
            });
          });
          session.on('exec', (acceptExec, _reject, info) => {
            state.commands.push(info.command);
            const stream = acceptExec();
            stream.on('close', done);
            const simulated = options.simulate?.(info.command, state);
            if (simulated !== undefined) {
              if (simulated.stdout) stream.write(simulated.stdout);
              stream.exit(simulated.exitCode ?? 0);
              stream.end();
              return;
            }
            // detached: its own session and process group, as OpenSSH's sshd starts every session.
            const child = spawn('/bin/sh', ['-c', info.command], {
              stdio: 'pipe',
              detached: true,
              env: { ...process.env, ...options.env },
            });
            children.add(child);
            child.stdout.pipe(stream, { end: false });
            child.stderr.pipe(stream.stderr, { end: false });
            stream.pipe(child.stdin).on('error', () => {});
            child.on('error', () => {});
            child.on('close', (code, signal) => {
              children.delete(child);
              try {
                if (signal) stream.exit(signal.replace(/^SIG/, ''), false, '');
                else stream.exit(code ?? 0);
                stream.end();
              } catch {
                // the client already closed the channel
              }
            });
          });
        });
      });
      client.on('error', () => {});
      client.on('close', () => {
        connected.delete(client);
        state.closedUsers.push(user);
      });
    },
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as AddressInfo).port;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const child of children) child.kill('SIGKILL');
      server.close(() => resolve());
      // Connected clients keep the server open; they are ended by the tests' pools.
      setImmediate(resolve);
    });
  return state;
}
