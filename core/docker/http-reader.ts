/** One HTTP/1.1 response, as far as the engine's GET answers need: its status, headers, body and whether the socket closes after. */
export interface HttpAnswer {
  status: number;
  /** By lower-cased name; values as sent. */
  headers: Map<string, string>;
  body: Buffer;
  close: boolean;
}

/**
 * Reads HTTP/1.1 responses off a byte stream, one after another: a status line, headers,
 * and a body framed by Content-Length or chunked transfer coding (the engine's Go server
 * switches to chunks for bodies over 4 KB), or ended by the close.
 */
export class HttpReader {
  private buf: Buffer = Buffer.alloc(0);

  /** Adds bytes; returns the response once it is whole (at most one per call: one request is in flight). */
  push(chunk: Buffer): HttpAnswer | null {
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const headEnd = this.buf.indexOf('\r\n\r\n');
    if (headEnd < 0) {
      if (this.buf.length > 64 * 1024) throw new Error('the engine sent a header over 64 KB');
      return null;
    }
    const head = this.buf.subarray(0, headEnd).toString('latin1').split('\r\n');
    const m = /^HTTP\/1\.[01] (\d{3})/.exec(head[0] ?? '');
    if (!m) throw new Error(`not an HTTP response: ${JSON.stringify((head[0] ?? '').slice(0, 60))}`);
    const status = Number(m[1]);
    let length: number | null = null;
    let chunked = false;
    let close = /^HTTP\/1\.0/.test(head[0] ?? '');
    const headers = new Map<string, string>();
    for (const line of head.slice(1)) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const raw = line.slice(colon + 1).trim();
      headers.set(name, raw);
      const value = raw.toLowerCase();
      if (name === 'content-length') length = Number(value);
      else if (name === 'transfer-encoding') chunked = value.split(',').some((v) => v.trim() === 'chunked');
      else if (name === 'connection') close = value === 'close';
    }
    const start = headEnd + 4;
    let body: Buffer;
    let end: number;
    if (chunked) {
      const parts: Buffer[] = [];
      let at = start;
      for (;;) {
        const lineEnd = this.buf.indexOf('\r\n', at);
        if (lineEnd < 0) return null;
        const size = parseInt(this.buf.subarray(at, lineEnd).toString('latin1'), 16);
        if (!Number.isFinite(size)) throw new Error('a broken chunk size in the engine’s answer');
        if (size === 0) {
          // The last chunk; no trailers are sent by the engine, only the empty line.
          if (this.buf.length < lineEnd + 4) return null;
          end = lineEnd + 4;
          break;
        }
        if (this.buf.length < lineEnd + 2 + size + 2) return null;
        parts.push(this.buf.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
      body = parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts);
    } else if (length !== null) {
      if (this.buf.length < start + length) return null;
      end = start + length;
      body = this.buf.subarray(start, end);
    } else if (status === 204 || status === 304) {
      end = start;
      body = Buffer.alloc(0);
    } else {
      throw new Error('the engine answered without a length (only a close would end it)');
    }
    this.buf = this.buf.subarray(end);
    return { status, headers, body, close };
  }
}
