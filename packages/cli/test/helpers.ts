import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CliIo, CliStream } from '../src/io.js';

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const BIN = 'packages/cli/src/bin.ts';
// tsx's loader by absolute URL, so a child started in any directory (a temp dir) finds it.
const TSX = pathToFileURL(createRequire(join(ROOT, 'package.json')).resolve('tsx')).href;

/** A stream that keeps what was written. */
export interface Captured extends CliStream {
  text: string;
}

function capture(isTTY = false): Captured {
  const stream: Captured = {
    text: '',
    isTTY,
    columns: 200,
    write(chunk: string) {
      stream.text += chunk;
      return true;
    },
  };
  return stream;
}

/** An in-process io: captured stdout/stderr, no colours, the given directory. */
export function memoryIo(cwd: string, extra: Partial<CliIo> = {}): CliIo & { stdout: Captured; stderr: Captured } {
  return { stdout: capture(), stderr: capture(), env: { NO_COLOR: '1' }, cwd, ...extra } as CliIo & { stdout: Captured; stderr: Captured };
}

/** A fresh temporary directory with the given files; `cleanup()` removes it. */
export async function tempDir(files: Record<string, string> = {}): Promise<{ dir: string; cleanup(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'warden-cli-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** What a child `warden` printed, and how it ended. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `warden <args>` as a user would (node + tsx on the sources), waiting for it to exit. */
export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--conditions=@warden/source', '--import', TSX, join(ROOT, BIN), ...args],
      { cwd: options.cwd ?? ROOT, env: { ...process.env, NO_COLOR: '1', ...options.env }, timeout: 30_000, killSignal: 'SIGKILL' },
      (error, stdout, stderr) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

/** Starts `warden <args>` without waiting: for `run`, stopped with a signal. */
export function spawnCli(args: string[], options: { cwd?: string } = {}) {
  return spawn(process.execPath, ['--conditions=@warden/source', '--import', TSX, join(ROOT, BIN), ...args], {
    cwd: options.cwd ?? ROOT,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** A TCP server on 127.0.0.1 that accepts and closes connections, and a port that refuses them. */
export async function tcpPorts(): Promise<{ open: number; closed: number; close(): Promise<void> }> {
  const listen = (s: Server) =>
    new Promise<number>((resolve) => s.listen(0, '127.0.0.1', () => resolve((s.address() as { port: number }).port)));
  const server = createServer((socket) => socket.end());
  const open = await listen(server);
  const spare = createServer();
  const closed = await listen(spare);
  await new Promise((resolve) => spare.close(resolve));
  return { open, closed, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
