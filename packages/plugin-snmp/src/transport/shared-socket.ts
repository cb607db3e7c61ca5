import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { lookup as dnsLookup, type LookupOneOptions } from 'node:dns';
import { EventEmitter } from 'node:events';
import { isIPv4 } from 'node:net';
import { CommunityRequests } from './community.js';
import { TurnBudget } from './turns.js';

/** Requests started per event-loop turn (each costs an encode and a send system call). */
const REQUESTS_PER_TURN = 8;

/** Receive buffer asked for on each shared socket. */
const RECV_BUFFER_BYTES = 4 * 1024 * 1024;

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string, family: number) => void;

/**
 * The address lookup of the shared sockets. Devices are addressed by IP (names are resolved
 * when the device is set up), and dgram looks up the address of every datagram it sends:
 * `dns.lookup` answers an IP literal on a later tick, which costs each request two extra
 * callbacks. Literals are answered at once; anything else goes to `dns.lookup`.
 */
export function lookup(hostname: string, options: LookupOneOptions | number, callback: LookupCallback): void {
  const family = typeof options === 'number' ? options : (options.family ?? 0);
  if ((family === 4 || family === 0) && isIPv4(hostname)) {
    callback(null, hostname, 4);
    return;
  }
  dnsLookup(hostname, typeof options === 'number' ? { family: options } : options, callback);
}

/**
 * One real UDP socket shared by every device: the plugin's own v1/v2c reads, matched by request
 * id, and net-snmp sessions (SNMPv3, SETs), to which other replies are routed by the replying
 * agent's address and port (net-snmp matches them to requests by id).
 */
class SharedSocket {
  /** The plugin's own v1/v2c reads on this socket (net-snmp's sessions get the other answers). */
  // The whole message: the offset/length form of dgram's send makes a new view of it each time.
  readonly requests = new CommunityRequests((message, port, address, cb) => this.#udp.send(message, port, address, cb));
  readonly #routes = new Map<string, Set<VirtualSocket>>();
  #socket: Socket | undefined;
  #refs = 0;

  get #udp(): Socket {
    if (!this.#socket) {
      // Hundreds of agents answer at once on this one socket: a small receive buffer (Linux
      // defaults to 208 KiB) drops answers in a burst and turns them into timeouts. The kernel
      // caps the request at net.core.rmem_max.
      const socket = createSocket({ type: 'udp4', recvBufferSize: RECV_BUFFER_BYTES, lookup });
      socket.on('message', (buffer: Buffer, rinfo: RemoteInfo) => {
        if (this.requests.accept(buffer, rinfo)) return;
        const targets = this.#routes.get(`${rinfo.address}:${rinfo.port}`);
        if (targets) for (const target of targets) target.emit('message', buffer, rinfo);
      });
      // A send error reaches the request's callback; socket-level errors have no request to fail.
      socket.on('error', () => {});
      socket.unref();
      this.#socket = socket;
    }
    return this.#socket;
  }

  route(key: string, target: VirtualSocket): void {
    let set = this.#routes.get(key);
    if (!set) {
      set = new Set();
      this.#routes.set(key, set);
    }
    set.add(target);
  }

  unroute(key: string, target: VirtualSocket): void {
    const set = this.#routes.get(key);
    if (!set) return;
    set.delete(target);
    if (set.size === 0) this.#routes.delete(key);
  }

  send(buffer: Buffer, offset: number, length: number, port: number, address: string, cb: (err: Error | null) => void): void {
    this.#udp.send(buffer, offset, length, port, address, cb);
  }

  ref(delta: 1 | -1): void {
    this.#refs += delta;
    // Keep the process alive only while some request waits for an answer.
    if (this.#refs === 1 && delta === 1) this.#socket?.ref();
    if (this.#refs === 0) this.#socket?.unref();
  }

  get open(): boolean {
    return this.#socket !== undefined;
  }

  close(): void {
    this.#socket?.close();
    this.#socket = undefined;
    this.requests.cancelAll(new Error('Socket forcibly closed'));
    this.#routes.clear();
    this.#refs = 0;
  }
}

/** The socket one net-snmp session sees; all the real I/O goes through a {@link SharedSocket}. */
class VirtualSocket extends EventEmitter {
  readonly #shared: SharedSocket;
  readonly #keys = new Set<string>();
  #refd = false;
  #closed = false;

  constructor(shared: SharedSocket) {
    super();
    this.#shared = shared;
  }

  send(
    buffer: Buffer,
    offset: number,
    length: number,
    port: number,
    address: string,
    cb: (err: Error | null, bytes?: number) => void,
  ): void {
    if (this.#closed) {
      cb(new Error('socket closed'));
      return;
    }
    const key = `${address}:${port}`;
    if (!this.#keys.has(key)) {
      this.#keys.add(key);
      this.#shared.route(key, this);
    }
    this.#shared.send(buffer, offset, length, port, address, (err) => cb(err, length));
  }

  ref(): this {
    if (!this.#refd && !this.#closed) {
      this.#refd = true;
      this.#shared.ref(1);
    }
    return this;
  }

  unref(): this {
    if (this.#refd) {
      this.#refd = false;
      this.#shared.ref(-1);
    }
    return this;
  }

  bind(): never {
    throw new Error('binding a source address is not supported on shared SNMP sockets');
  }

  close(): void {
    if (this.#closed) return;
    this.unref();
    this.#closed = true;
    for (const key of this.#keys) this.#shared.unroute(key, this);
    this.#keys.clear();
    this.emit('close');
  }
}

/**
 * A stand-in for `node:dgram` handed to net-snmp (`dgramModule`): every session it creates
 * shares one of `size` real sockets, so 1,000 devices need `size` file descriptors, not 1,000.
 */
export class SocketHub {
  /** Request starts per event-loop turn, across every device on these sockets. */
  readonly turns = new TurnBudget(REQUESTS_PER_TURN);
  readonly #sockets: SharedSocket[];
  #next = 0;

  /** @param size - how many real sockets to spread sessions over */
  constructor(size = 1) {
    this.#sockets = Array.from({ length: Math.max(1, size) }, () => new SharedSocket());
  }

  /**
   * The `dgram.createSocket` net-snmp calls for each session.
   *
   * @param type - only `udp4` is supported
   * @returns a virtual socket on the next shared socket
   */
  createSocket(type: string): VirtualSocket {
    if (type !== 'udp4') throw new Error(`shared SNMP sockets support udp4 only (got ${type})`);
    const shared = this.#sockets[this.#next % this.#sockets.length] as SharedSocket;
    this.#next++;
    return new VirtualSocket(shared);
  }

  /**
   * The requests of one shared socket, for a device's own v1/v2c reads (spread like sessions).
   *
   * @returns the next socket's request table
   */
  channel(): CommunityRequests {
    const shared = this.#sockets[this.#next % this.#sockets.length] as SharedSocket;
    this.#next++;
    return shared.requests;
  }

  /** @returns how many real sockets are open now */
  get openSockets(): number {
    return this.#sockets.filter((socket) => socket.open).length;
  }

  /** Closes every real socket. Sessions still using them get no more answers. */
  close(): void {
    for (const socket of this.#sockets) socket.close();
  }
}
