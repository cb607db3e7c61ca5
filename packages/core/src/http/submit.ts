import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { configError, fromZodIssues } from '../errors/config-error.js';
import { WardenError } from '../errors/warden-error.js';
import type { Warden } from '../warden/types.js';
import { sendJson } from './respond.js';

/** Largest `POST /submit` body accepted (bytes). */
export const MAX_SUBMIT_BYTES = 64 * 1024;

const HINT = 'send {"check", "asset", "status", "summary"} as JSON';

const submitSchema = z.strictObject({
  check: z.string().min(1),
  asset: z.string().min(1),
  status: z.enum(['ok', 'warning', 'critical', 'unknown']),
  summary: z.string(),
  details: z.string().optional(),
});

/**
 * Handles `POST /submit`: a JSON body `{ check, asset, status, summary, details? }` handed to
 * `warden.submit()`. Answers 200 with the pair's new status; 400 for a body that is not JSON or
 * fails validation (with the WardenError's message); 404 for an unknown check or asset;
 * 413 for a body over {@link MAX_SUBMIT_BYTES}.
 *
 * @param warden - the Warden
 * @param req - the request
 * @param res - the response
 * @returns a promise that settles once the response is sent
 */
export async function handleSubmit(warden: Warden, req: IncomingMessage, res: ServerResponse): Promise<void> {
  let raw: string;
  try {
    raw = await readBody(req);
  } catch {
    sendJson(req, res, 413, { error: 'ERR_TOO_LARGE', message: `the body exceeds ${MAX_SUBMIT_BYTES} bytes` });
    return;
  }
  try {
    const body = parseBody(raw);
    const { check, asset, status, summary, details } = body;
    await warden.submit(check, asset, details === undefined ? { status, summary } : { status, summary, details });
    sendJson(req, res, 200, { check, asset, status: warden.state(check, asset)?.status });
  } catch (err) {
    if (!(err instanceof WardenError)) throw err;
    const status = err.code === 'ERR_NOT_FOUND' ? 404 : err.code === 'ERR_STOPPED' ? 503 : 400;
    sendJson(req, res, status, { error: err.code, message: err.message });
  }
}

function parseBody(raw: string): z.output<typeof submitSchema> {
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    throw new WardenError('ERR_CONFIG_INVALID', `POST /submit: the body is not JSON; ${HINT}`);
  }
  const parsed = submitSchema.safeParse(json);
  if (!parsed.success) {
    throw configError('POST /submit body', fromZodIssues(parsed.error.issues), HINT);
  }
  return parsed.data;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_SUBMIT_BYTES) {
        req.removeAllListeners('data');
        req.resume();
        reject(new Error('too large'));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
