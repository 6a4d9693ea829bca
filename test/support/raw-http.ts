import { connect, type Socket } from 'node:net';

export interface RawResponse<T = unknown> {
  status: number;
  headers: Record<string, string>;
  body: T;
  text: string;
  /** Milliseconds from the connection to the end of the response (the server closing or Content-Length reached). */
  elapsedMs: number;
}

/** Port of a base URL such as http://127.0.0.1:41234. */
export function portOf(baseUrl: string): number {
  return Number(new URL(baseUrl).port);
}

/**
 * Writes `chunks` to a raw TCP connection (a slow or broken client that fetch cannot be), keeps
 * the connection open, and answers the server's response once it is complete or the server
 * closes. `giveUpMs` bounds the wait: a server that never answers makes the promise reject.
 */
export function rawExchange<T = unknown>(
  port: number,
  chunks: (string | Buffer)[],
  giveUpMs = 10_000,
): Promise<RawResponse<T>> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const socket: Socket = connect(port, '127.0.0.1');
    let received = Buffer.alloc(0);
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      const parsed = parse(received, closed);
      if (!parsed) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve({
        ...parsed,
        // The caller names the JSON it expects; parse() has no way to check it.
        body: parsed.body as T,
        elapsedMs: performance.now() - started,
      });
    };
    const timer = setTimeout(() => {
      settled = true;
      socket.destroy();
      reject(
        new Error(
          `no complete response within ${giveUpMs} ms; received: ${JSON.stringify(received.toString('latin1').slice(0, 300))}`,
        ),
      );
    }, giveUpMs);
    socket.on('connect', () => {
      for (const chunk of chunks) socket.write(chunk);
    });
    socket.on('data', (data) => {
      received = Buffer.concat([received, data]);
      finish(false);
    });
    socket.on('error', () => undefined); // a reset after the response is the server closing: judged on what arrived
    socket.on('close', () => {
      finish(true);
      if (!settled) {
        settled = true;
        clearTimeout(timer);
        reject(
          new Error(
            `connection closed without a complete response; received: ${JSON.stringify(received.toString('latin1').slice(0, 300))}`,
          ),
        );
      }
    });
  });
}

function parse(
  raw: Buffer,
  closed: boolean,
): Omit<RawResponse, 'elapsedMs'> | undefined {
  const headerEnd = raw.indexOf('\r\n\r\n');
  if (headerEnd === -1) return undefined;
  const [statusLine, ...lines] = raw
    .subarray(0, headerEnd)
    .toString('latin1')
    .split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line
      .slice(colon + 1)
      .trim();
  }
  const length = Number(headers['content-length'] ?? NaN);
  const bodyBytes = raw.subarray(headerEnd + 4);
  if (Number.isNaN(length) ? !closed : bodyBytes.length < length)
    return undefined;
  const text = bodyBytes.toString('utf8');
  let body: unknown = text;
  if ((headers['content-type'] ?? '').includes('json') && text)
    body = JSON.parse(text);
  return { status: Number(statusLine.split(' ')[1]), headers, body, text };
}
