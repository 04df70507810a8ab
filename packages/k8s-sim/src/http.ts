import { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { KubeStatus } from './status';

/** Writes a JSON body (already serialised or not) with API-server-like headers. */
export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  statusCode: number,
  body: unknown,
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(statusCode, {
    'Audit-Id': randomUUID(),
    'Cache-Control': 'no-cache, private',
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(req.method === 'HEAD' ? undefined : text);
}

/** Writes a `Status` object with its own code as the HTTP status. */
export function sendStatus(
  req: IncomingMessage,
  res: ServerResponse,
  status: KubeStatus,
): void {
  sendJson(req, res, status.code, status);
}

/** Writes a short plain-text body, as the health endpoints do. */
export function sendText(
  req: IncomingMessage,
  res: ServerResponse,
  statusCode: number,
  text: string,
): void {
  res.writeHead(statusCode, {
    'Cache-Control': 'no-cache, private',
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(req.method === 'HEAD' ? undefined : text);
}

/**
 * Whether the `Accept` header allows a JSON answer (plain, or a `Table`,
 * see `parseTableAccept`). Other `as=` conversions are not produced; clients
 * always offer plain JSON as a fallback. Protobuf is never produced.
 */
export function acceptsJson(accept: string | undefined): boolean {
  if (!accept || accept.trim() === '') return true;
  return accept.split(',').some(range => {
    const mediaType = range.split(';')[0].trim().toLowerCase();
    return (
      mediaType === 'application/json' ||
      mediaType === 'application/*' ||
      mediaType === '*/*'
    );
  });
}
