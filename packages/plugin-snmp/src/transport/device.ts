import { WardenError } from '@warden/core';
import * as snmp from 'net-snmp';
import type { WalkResult } from '../reader.js';
import { isUnder, normalizeOid, SnmpType, type Varbind } from '../varbind.js';
import { ListBatch, type OidRoot, oidRoot, type VarbindBatch } from './batch.js';
import { type CommunityResponse, PduTag, type RequestTag } from './ber.js';
import type { CommunityRequests } from './community.js';
import { fromNetSnmp, toNetSnmp } from './convert.js';
import { errorStatus, isNotInTimeWindow, isTimeout, mapSnmpError, STATUS_NO_SUCH_NAME, STATUS_TOO_BIG } from './errors.js';
import { Gate } from './gate.js';
import type { SocketHub } from './shared-socket.js';

/** Everything needed to talk to one device, secrets already revealed. */
export interface DeviceSettings {
  /** How messages name the device: `sw-1 (10.0.0.2:161)`. */
  label: string;
  /** IP address (hostnames are resolved before). */
  host: string;
  /** UDP port. */
  port: number;
  /** Protocol version. */
  version: '1' | '2c' | '3';
  /** Community (v1/v2c). */
  community?: string;
  /** SNMPv3 user. */
  user?: snmp.User;
  /** SNMPv3 context. */
  context?: string;
  /** Per-request timeout (ms). */
  timeoutMs: number;
  /** Retries after a timeout. */
  retries: number;
  /** Starting GETBULK max-repetitions. */
  maxRepetitions: number;
  /** Use GETBULK for walks (ignored for v1). */
  bulk: boolean;
  /** Requests in flight at most. */
  concurrency: number;
}

/** The limits one operation runs under. */
export interface RequestScope {
  /** Aborts the operation at once. */
  signal?: AbortSignal | undefined;
  /** Absolute time (per `now`) after which no request is started. */
  deadline: number;
  /** The clock the deadline is on. */
  now(): number;
}

type Callback<T> = (err: unknown, result?: T) => void;

function aborted(what: string): WardenError {
  return new WardenError('ERR_ABORTED', `${what}: aborted`);
}

/** What a v1/v2c device's own reads need: the shared socket's requests and the community. */
interface CommunityPath {
  requests: CommunityRequests;
  version: 0 | 1;
  community: Buffer;
}

/**
 * One device on a shared socket: v1/v2c reads through the plugin's own codec (ber.ts), SNMPv3
 * and SETs through a reused net-snmp session (opened on first use), a concurrency gate, and the
 * GETBULK size that works for it (shrunk on timeouts and tooBig, remembered across collections).
 */
export class SnmpDevice {
  /** The settings the session was made with. */
  readonly settings: DeviceSettings;
  /** Current GETBULK max-repetitions for this device. */
  maxRepetitions: number;
  readonly #hub: SocketHub;
  readonly #gate: Gate;
  /** Rows each table had when its columns were last read (sizes the next GETBULK). */
  readonly #tableRows = new Map<string, number>();
  /**
   * The agent answered a column GETBULK with fewer varbinds than asked: it caps answers by count
   * or size, so sizing requests to the table's rows would only make each answer smaller.
   */
  #capsAnswers = false;
  /** Column OIDs per table and column set (see {@link #columnRoots}). */
  readonly #roots = new Map<string, readonly OidRoot[]>();
  readonly #community: CommunityPath | undefined;
  #session: snmp.Session | undefined;

  /**
   * @param settings - address, credentials and limits
   * @param hub - the shared sockets
   */
  constructor(settings: DeviceSettings, hub: SocketHub) {
    this.settings = settings;
    this.maxRepetitions = settings.maxRepetitions;
    this.#hub = hub;
    this.#gate = new Gate(settings.concurrency);
    if (settings.version !== '3') {
      this.#community = {
        requests: hub.channel(),
        version: settings.version === '1' ? 0 : 1,
        community: Buffer.from(settings.community ?? 'public'),
      };
    }
  }

  get #netSnmp(): snmp.Session {
    this.#session ??= this.#open();
    return this.#session;
  }

  #open(): snmp.Session {
    const s = this.settings;
    const common = { port: s.port, retries: 0, timeout: s.timeoutMs, dgramModule: this.#hub, ...(s.context ? { context: s.context } : {}) };
    const session =
      s.version === '3'
        ? snmp.createV3Session(s.host, s.user as snmp.User, { ...common, version: snmp.Version3 })
        : snmp.createSession(s.host, s.community ?? 'public', { ...common, version: s.version === '1' ? snmp.Version1 : snmp.Version2c });
    // net-snmp re-emits socket errors; each request already gets its own error.
    session.on('error', () => {});
    return session;
  }

  /** Forgets the v3 engine time (and boots) so the next request rediscovers it. */
  #resync(): void {
    const state = this.#netSnmp as unknown as Record<string, unknown>;
    state.msgSecurityParameters = undefined;
    state.engineTimeBoots = null;
    state.engineTimeBase = null;
    state.engineTimeReceivedAt = null;
    state.latestReceivedEngineTime = null;
  }

  #call<T>(what: string, timeoutMs: number, scope: RequestScope, start: (session: snmp.Session, cb: Callback<T>) => void): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (scope.signal?.aborted) {
        reject(aborted(what));
        return;
      }
      let settled = false;
      const finish = (fn: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(guard);
        scope.signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const onAbort = (): void => finish(() => reject(aborted(what)));
      scope.signal?.addEventListener('abort', onAbort, { once: true });
      // net-snmp always calls back; this guard only covers a callback that never comes.
      const guard = setTimeout(
        () => finish(() => reject(Object.assign(new Error('Request timed out'), { name: 'RequestTimedOutError' }))),
        timeoutMs + 500,
      );
      guard.unref();
      const session = this.#netSnmp;
      (session as unknown as { timeout: number }).timeout = timeoutMs;
      try {
        start(session, (err, result) => finish(() => (err ? reject(err) : resolve(result as T))));
      } catch (err) {
        finish(() => reject(err));
      }
    });
  }

  async #attempt<T>(
    op: string,
    oid: string,
    scope: RequestScope,
    run: (timeoutMs: number) => Promise<T>,
    shrink?: () => boolean,
  ): Promise<T> {
    const s = this.settings;
    let resynced = false;
    let lastError: unknown;
    for (let attempt = 0; attempt <= s.retries; ) {
      if (scope.signal?.aborted) throw aborted(`${op} ${oid} on ${s.label}`);
      const remaining = scope.deadline - scope.now();
      if (remaining <= 0) break;
      const timeoutMs = Math.min(s.timeoutMs, remaining);
      // Both waits are skipped without a microtask when a slot and a start are free.
      if (!this.#gate.tryAcquire()) await this.#gate.acquire(scope.signal);
      try {
        if (!this.#hub.turns.tryTake()) await this.#hub.turns.take();
        return await run(timeoutMs);
      } catch (err) {
        if (err instanceof WardenError) throw err;
        if (scope.signal?.aborted) throw aborted(`${op} ${oid} on ${s.label}`);
        lastError = err;
        if (isTimeout(err)) {
          shrink?.();
          attempt++;
        } else if (isNotInTimeWindow(err) && !resynced) {
          resynced = true;
          this.#resync();
        } else if (errorStatus(err) === STATUS_TOO_BIG && shrink?.()) {
          // retried with fewer repetitions; tooBig at one repetition is a real error
        } else {
          throw mapSnmpError(err, this.#site(op, oid));
        }
      } finally {
        this.#gate.release();
      }
    }
    if (scope.now() >= scope.deadline) {
      throw new WardenError(
        'ERR_TIMEOUT',
        `${op} ${oid} on ${s.label}: collection deadline reached${lastError ? ' while the agent was not answering' : ''}; raise snmp.deadline or poll fewer OIDs`,
        { cause: lastError },
      );
    }
    throw mapSnmpError(lastError, this.#site(op, oid));
  }

  /**
   * GETs OIDs in one request (retried on timeout).
   *
   * @param oids - numeric OIDs
   * @param scope - deadline and signal
   * @returns one varbind per OID
   * @throws WardenError with a code for timeout, auth, protocol or unreachable; `ERR_ABORTED`
   */
  async get(oids: readonly string[], scope: RequestScope): Promise<Varbind[]> {
    const list = oids.map(normalizeOid);
    return this.#attempt('GET', list.join(','), scope, (t) =>
      this.#community
        ? this.#read(PduTag.Get, list, t, scope).then((response) => response.varbinds)
        : this.#call<snmp.Varbind[]>(`GET on ${this.settings.label}`, t, scope, (session, cb) => session.get(list, cb)).then((raw) =>
            raw.map(fromNetSnmp),
          ),
    );
  }

  /**
   * SETs varbinds in one request.
   *
   * @param varbinds - OIDs with typed values
   * @param scope - deadline and signal
   * @returns the varbinds as the agent echoed them
   * @throws WardenError `ERR_AUTH` (read-only community, notWritable), `ERR_PROTOCOL` (wrongType, …), `ERR_TIMEOUT`
   */
  async set(varbinds: readonly Varbind[], scope: RequestScope): Promise<Varbind[]> {
    const list = varbinds.map((v) => toNetSnmp({ ...v, oid: normalizeOid(v.oid) }));
    const raw = await this.#attempt('SET', list.map((v) => v.oid).join(','), scope, (t) =>
      this.#call<snmp.Varbind[]>(`SET on ${this.settings.label}`, t, scope, (session, cb) => session.set(list, cb)),
    );
    return raw.map(fromNetSnmp);
  }

  /** {@link #shrinkRepetitions}, made once (a walk passes it with every request). */
  readonly #shrink = (): boolean => this.#shrinkRepetitions();

  /** Halves max-repetitions after a timeout or tooBig (remembered for the device); false at 1. */
  #shrinkRepetitions(): boolean {
    if (this.maxRepetitions <= 1) return false;
    this.maxRepetitions = Math.max(1, Math.floor(this.maxRepetitions / 2));
    return true;
  }

  /**
   * One v1/v2c request through the plugin's codec: the answer (varbinds decoded when read). A
   * plain function, not an async one: a walk makes hundreds of these, and an abort is told
   * apart where the error is caught ({@link #attempt}).
   */
  #read(tag: RequestTag, oids: readonly string[], timeoutMs: number, scope: RequestScope, maxRepetitions = 0): Promise<CommunityResponse> {
    const path = this.#community as CommunityPath;
    const s = this.settings;
    return path.requests.request({
      host: s.host,
      port: s.port,
      version: path.version,
      community: path.community,
      tag,
      oids,
      maxRepetitions,
      timeoutMs,
      signal: scope.signal,
    });
  }

  /**
   * One GETBULK: the answer's varbinds row by row, as the agent sent them — OID i's repetitions
   * at i, i + n, i + 2n, … for n OIDs (no array per OID: a column read asks for 25 at once). An
   * answer cut short may not reach every OID.
   */
  #getBulk(subject: string, oids: readonly string[], repetitions: number, timeoutMs: number, scope: RequestScope): Promise<VarbindBatch> {
    if (this.#community) return this.#read(PduTag.GetBulk, oids, timeoutMs, scope, repetitions);
    return this.#call<(snmp.Varbind | snmp.Varbind[])[]>(`GETBULK ${subject} on ${this.settings.label}`, timeoutMs, scope, (session, cb) =>
      session.getBulk([...oids], 0, repetitions, cb),
    ).then((raw) => {
      // net-snmp hands them back per OID: interleave them again.
      const columns = raw.map((column) => (Array.isArray(column) ? column : [column]));
      const rows: Varbind[] = [];
      for (let r = 0; columns.some((column) => r < column.length); r++) {
        for (const column of columns) if (r < column.length) rows.push(fromNetSnmp(column[r] as snmp.Varbind));
      }
      return new ListBatch(rows);
    });
  }

  async #nextBatch(current: string, scope: RequestScope): Promise<VarbindBatch | 'end'> {
    const s = this.settings;
    if (s.version !== '1' && s.bulk) {
      return this.#attempt(
        'GETBULK',
        current,
        scope,
        (t) => this.#getBulk(current, [current], this.maxRepetitions, t, scope),
        this.#shrink,
      );
    }
    return this.#attempt('GETNEXT', current, scope, async (t) => {
      try {
        return this.#community
          ? await this.#read(PduTag.GetNext, [current], t, scope)
          : new ListBatch(
              (
                await this.#call<snmp.Varbind[]>(`GETNEXT ${current} on ${s.label}`, t, scope, (session, cb) =>
                  session.getNext([current], cb),
                )
              ).map(fromNetSnmp),
            );
      } catch (err) {
        // SNMPv1 says "end of MIB" with noSuchName.
        if (errorStatus(err) === STATUS_NO_SUCH_NAME) return 'end' as const;
        throw err;
      }
    });
  }

  /**
   * Reads chosen columns of a table (`entry` = the table's entry OID, e.g. ifEntry), all columns in
   * each GETBULK, each column carried on from where the agent stopped it. Sized from the rows the
   * table had last time (rows + 1 repetitions, so one request sees every column's end) unless the
   * agent has cut an answer short (then smaller requests would only get smaller answers), else
   * from max-repetitions; bounded by max-repetitions, which shrinks on timeouts and tooBig as for
   * walks. An agent answering fewer repetitions than asked (snmpd caps a response at 100 varbinds)
   * is read on. SNMPv1 and `bulk: false` walk the whole entry instead and keep those columns.
   * Stops at the deadline or at a non-increasing OID keeping what it got, as {@link walk} does.
   *
   * @param entry - the table's entry OID
   * @param columns - column numbers to read
   * @param scope - deadline and signal
   * @returns the varbinds of those columns (in the order the agent answered: row by row within
   *   each answer), completeness and what stopped it
   * @throws WardenError `ERR_ABORTED` when the signal fires
   */
  async walkColumns(entry: string, columns: readonly number[], scope: RequestScope): Promise<WalkResult> {
    const base = normalizeOid(entry);
    const s = this.settings;
    if (s.version === '1' || !s.bulk) {
      const whole = await this.walk(base, scope);
      const roots = columns.map((column) => `${base}.${column}`);
      return { ...whole, varbinds: whole.varbinds.filter((v) => roots.some((root) => isUnder(v.oid, root))) };
    }
    // Per column k: its root and where it has got to; `active` lists the columns not yet ended.
    // Plain arrays and one result list: a thousand collections keep these while in flight.
    const roots = this.#columnRoots(base, columns);
    const at = roots.map((root) => root.text);
    const counts = columns.map(() => 0);
    const collected: Varbind[] = [];
    let active = columns.map((_, k) => k);
    try {
      while (active.length > 0) {
        const batch = await this.#bulkColumns(
          base,
          active.map((k) => at[k] as string),
          scope,
        );
        const next: number[] = [];
        let progress = 0;
        const stride = active.length;
        for (let i = 0; i < stride; i++) {
          const k = active[i] as number;
          // No answer at all for this column (the agent cut the response short): ask again.
          if (i >= batch.length) {
            next.push(k);
            continue;
          }
          const root = roots[k] as OidRoot;
          let ended = false;
          let last = -1;
          for (let j = i; j < batch.length; j += stride) {
            if (batch.type(j) === SnmpType.EndOfMibView || !batch.isUnder(j, root)) {
              ended = true;
              break;
            }
            if ((last < 0 ? batch.compareTo(j, at[k] as string) : batch.compareWithin(j, last)) <= 0) {
              const before = last < 0 ? at[k] : batch.oid(last);
              const problem = new WardenError(
                'ERR_PROTOCOL',
                `read of ${root.text} on ${s.label}: agent returned ${batch.oid(j)} after ${before} (OID not increasing); stopped to avoid a loop`,
              );
              return { varbinds: collected, complete: false, problem };
            }
            collected.push(batch.varbind(j));
            last = j;
          }
          const taken = last < 0 ? 0 : (last - i) / stride + 1;
          counts[k] = (counts[k] as number) + taken;
          progress += taken;
          if (last >= 0) at[k] = batch.oid(last);
          if (ended) progress++;
          else next.push(k);
        }
        // Neither a varbind nor a column's end: asking again would get the same nothing.
        if (progress === 0 && next.length > 0) {
          const problem = new WardenError(
            'ERR_PROTOCOL',
            `read of ${base} columns on ${s.label}: agent answered a GETBULK for ${next.length} columns with nothing usable; stopped`,
          );
          return { varbinds: collected, complete: false, problem };
        }
        active = next;
      }
      this.#tableRows.set(base, Math.max(0, ...counts));
      return { varbinds: collected, complete: true };
    } catch (err) {
      if (err instanceof WardenError && err.code === 'ERR_ABORTED') throw err;
      const where = active.map((k) => at[k]).join(', ');
      const cause = err instanceof WardenError ? err : mapSnmpError(err, this.#site('GETBULK', where));
      const problem = new WardenError(
        cause.code,
        `${cause.message}; read of ${base} columns stopped after ${collected.length} varbinds, everything after ${where} is missing`,
        { cause },
      );
      return { varbinds: collected, complete: false, problem };
    }
  }

  /** The roots of a table's columns (`<entry>.<column>`), made once per table and column set. */
  #columnRoots(base: string, columns: readonly number[]): readonly OidRoot[] {
    const key = `${base}|${columns.join(',')}`;
    let roots = this.#roots.get(key);
    if (!roots) {
      roots = columns.map((column) => oidRoot(`${base}.${column}`));
      this.#roots.set(key, roots);
    }
    return roots;
  }

  /** One GETBULK of several columns: the varbinds row by row (see {@link #getBulk}). */
  #bulkColumns(table: string, oids: string[], scope: RequestScope): Promise<VarbindBatch> {
    return this.#attempt(
      'GETBULK',
      oids[0] as string,
      scope,
      (t) => {
        const known = this.#capsAnswers ? undefined : this.#tableRows.get(table);
        const repetitions = Math.max(1, Math.min(this.maxRepetitions, known === undefined ? this.maxRepetitions : known + 1));
        return this.#getBulk(table, oids, repetitions, t, scope).then((batch) => {
          if (batch.length < oids.length * repetitions) this.#capsAnswers = true;
          return batch;
        });
      },
      this.#shrink,
    );
  }

  /**
   * Walks a subtree with GETBULK (GETNEXT for v1 or `bulk: false`). Stops at the subtree's end,
   * at endOfMibView, at a non-increasing OID (agent bug that would loop forever) or at the
   * deadline, keeping what it got.
   *
   * @param oid - subtree root
   * @param scope - deadline and signal
   * @returns varbinds, completeness and what stopped it
   * @throws WardenError `ERR_ABORTED` when the signal fires
   */
  async walk(oid: string, scope: RequestScope): Promise<WalkResult> {
    const base = normalizeOid(oid);
    const root = oidRoot(base);
    const varbinds: Varbind[] = [];
    let current = base;
    try {
      for (;;) {
        const batch = await this.#nextBatch(current, scope);
        if (batch === 'end' || batch.length === 0) return { varbinds, complete: true };
        for (let i = 0; i < batch.length; i++) {
          if (batch.type(i) === SnmpType.EndOfMibView || !batch.isUnder(i, root)) return { varbinds, complete: true };
          if ((i === 0 ? batch.compareTo(i, current) : batch.compareWithin(i, i - 1)) <= 0) {
            const before = i === 0 ? current : batch.oid(i - 1);
            const problem = new WardenError(
              'ERR_PROTOCOL',
              `walk of ${base} on ${this.settings.label}: agent returned ${batch.oid(i)} after ${before} (OID not increasing); stopped to avoid a loop, ${varbinds.length} varbinds kept`,
            );
            return { varbinds, complete: false, problem };
          }
          varbinds.push(batch.varbind(i));
        }
        current = batch.oid(batch.length - 1);
      }
    } catch (err) {
      if (err instanceof WardenError && err.code === 'ERR_ABORTED') throw err;
      const cause = err instanceof WardenError ? err : mapSnmpError(err, this.#site('WALK', current));
      const problem = new WardenError(
        cause.code,
        `${cause.message}; walk of ${base} stopped after ${varbinds.length} varbinds, everything after ${current} is missing`,
        { cause },
      );
      return { varbinds, complete: false, problem };
    }
  }

  #site(op: string, oid: string) {
    const s = this.settings;
    return { device: s.label, op, oid, timeoutMs: s.timeoutMs, retries: s.retries, version: s.version };
  }

  /** Closes the session (pending requests fail); the shared socket stays open. */
  close(): void {
    try {
      this.#session?.close();
    } catch {
      // already closed
    }
  }
}
