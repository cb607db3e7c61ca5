import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { configError, fromZodIssues } from '../errors/config-error.js';
import { WardenError } from '../errors/warden-error.js';
import type { Warden } from '../warden/types.js';
import { sendJson } from './respond.js';

/** Largest `POST /submit` body accepted (bytes). */
export const MAX_SUBMIT_BYTES = 64 * 1024;

const HINT = 'send {"check", "asset", "status"?, "summary"?} as JSON, or POST /submit?check=<id>&asset=<id> with no body for a heartbeat';

const submitSchema = z.strictObject({
  check: z.string().min(1),
  asset: z.string().min(1),
  status: z.enum(['ok', 'warning', 'critical', 'unknown']).default('ok'),
  summary: z.string().optional(),
  details: z.string().optional(),
});

/**
 * Handles `POST /submit`, handing a result to `warden.submit()`: a JSON body
 * `{ check, asset, status?, summary?, details? }`, or — for a heartbeat from a cron job
 * (`curl -fsS -X POST 'http://127.0.0.1:9464/submit?check=backup-ran&asset=db-1'`) — no body
 * and the same fields in the query string. `status` defaults to `ok`, and a missing summary
 * to `heartbeat received` (or the status). Answers 200 with the pair's new status; 400 for a
 * body that is not JSON or fails validation (with the WardenError's message); 404 for an
 * unknown check or asset; 413 for a body over {@link MAX_SUBMIT_BYTES}.
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
    const body = raw.trim() === '' ? parseQuery(req) : parseBody(raw);
    const { check, asset, status, details } = body;
    const summary = body.summary ?? (status === 'ok' ? 'heartbeat received' : status);
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
    throw configError('POST /submit body', fromZodIssues(parsed.error.issues, [], submitSchema), HINT);
  }
  return parsed.data;
}

/** A heartbeat: no body, the fields in the query string. */
function parseQuery(req: IncomingMessage): z.output<typeof submitSchema> {
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const fields: Record<string, string> = {};
  for (const key of ['check', 'asset', 'status', 'summary', 'details']) {
    const value = params.get(key);
    if (value !== null) fields[key] = value;
  }
  const parsed = submitSchema.safeParse(fields);
  if (!parsed.success) throw configError('POST /submit query', fromZodIssues(parsed.error.issues), HINT);
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
