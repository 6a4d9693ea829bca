import { request } from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

/** A response as it crossed the wire (fetch would decode it and hide Content-Encoding's effect). */
export interface EncodedResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** The bytes received, still encoded. */
  raw: Buffer;
  /** The bytes after undoing Content-Encoding (br or gzip); `raw` when there is none or no body (HEAD). */
  decoded: Buffer;
}

/**
 * One request with node:http, which never adds Accept-Encoding nor decodes: `headers` are exactly
 * what the server sees (plus Host and Connection).
 */
export function encodedRequest(
  url: string,
  {
    method = 'GET',
    headers = {},
    body,
  }: {
    method?: string;
    headers?: Record<string, string>;
    body?: Buffer | string;
  } = {},
): Promise<EncodedResponse> {
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method, headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const raw = Buffer.concat(chunks);
        try {
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            raw,
            decoded: decode(response.headers['content-encoding'], raw),
          });
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

function decode(encoding: string | undefined, raw: Buffer): Buffer {
  if (raw.length === 0) return raw;
  switch (encoding) {
    case undefined:
      return raw;
    case 'br':
      return brotliDecompressSync(raw);
    case 'gzip':
      return gunzipSync(raw);
    default:
      throw new Error(`unexpected Content-Encoding: ${encoding}`);
  }
}
