import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Sends a complete response with `Cache-Control: no-store` (health and metrics must never be
 * served from a cache). A HEAD request gets the headers only.
 *
 * @param req - the request
 * @param res - the response
 * @param status - HTTP status code
 * @param contentType - the `Content-Type`
 * @param body - the body
 */
export function send(req: IncomingMessage, res: ServerResponse, status: number, contentType: string, body: string): void {
  res.statusCode = status;
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(req.method === 'HEAD' ? undefined : body);
}

/**
 * Sends a JSON body.
 *
 * @param req - the request
 * @param res - the response
 * @param status - HTTP status code
 * @param value - serialised with `JSON.stringify`
 */
export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, value: unknown): void {
  send(req, res, status, 'application/json; charset=utf-8', `${JSON.stringify(value)}\n`);
}

/**
 * Answers 405 unless the method is GET or HEAD.
 *
 * @param req - the request
 * @param res - the response
 * @returns true when the request was answered (the caller stops)
 */
export function rejectUnlessRead(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === undefined) return false;
  res.setHeader('Allow', 'GET, HEAD');
  sendJson(req, res, 405, { error: 'ERR_METHOD', message: `${req.method} is not allowed here; use GET` });
  return true;
}
