/**
 * Reading the request: bounded in size, strict UTF-8, then JSON.
 *
 * The command reads at most MAX_REQUEST_BYTES; it stops reading as soon as the
 * input goes beyond, so `--input /dev/zero` costs at most that much memory.
 */
import { createReadStream } from 'node:fs';
import { YibaoError } from '../engine/errors.js';

/** The largest request the command reads, in bytes (64 MiB). */
export const MAX_REQUEST_BYTES = 64 * 1024 * 1024;

/** A source of bytes: a file or stdin stream, or any async iterable of chunks (for tests). */
export type ByteSource = AsyncIterable<Uint8Array | string> & { destroy?: () => void };

/**
 * Reads all of `source`, refusing it with invalid_input as soon as it holds more
 * than `limit` bytes. Never keeps more than `limit` bytes plus one chunk.
 */
export async function readBounded(source: ByteSource, limit: number = MAX_REQUEST_BYTES): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of source) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    total += bytes.length;
    if (total > limit) {
      chunks.length = 0;
      source.destroy?.();
      throw new YibaoError('invalid_input', `the request is larger than ${describeBytes(limit)}, the most yibao reads`, '');
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks, total);
}

function describeBytes(n: number): string {
  const mib = n / (1024 * 1024);
  return Number.isInteger(mib) ? `${mib} MiB (${n} bytes)` : `${n} bytes`;
}

/**
 * The byte offset of the first byte that does not start a well-formed UTF-8
 * sequence (the rules of the WHATWG decoder: no overlong forms, no surrogates,
 * nothing above U+10FFFF), or -1 if all of `b` is well-formed.
 */
export function firstInvalidUtf8(b: Uint8Array): number {
  const n = b.length;
  let i = 0;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (c >= 0xc2 && c <= 0xdf) need = 1;
    else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      if (c === 0xe0) lo = 0xa0;
      else if (c === 0xed) hi = 0x9f;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      if (c === 0xf0) lo = 0x90;
      else if (c === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined) return i;
      if (k === 1 ? d < lo || d > hi : d < 0x80 || d > 0xbf) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * Bytes → request. The bytes must be UTF-8 (a leading byte-order mark is
 * skipped) holding one JSON value; anything else is invalid_input at path "".
 */
export function parseRequest(bytes: Uint8Array): unknown {
  let text: string;
  try {
    // ignoreBOM false (the default): a leading U+FEFF is consumed, not returned.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new YibaoError('invalid_input', `the request is not valid UTF-8${at >= 0 ? ` (byte ${at})` : ''}`, '');
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new YibaoError('invalid_input', `the request is not valid JSON: ${e instanceof Error ? e.message : String(e)}`, '');
  }
}

/** `--input FILE`; no FILE or `-` is stdin. */
export function inputSource(file: string | undefined): { source: ByteSource; name: string } {
  if (file === undefined || file === '-') return { source: process.stdin, name: 'stdin' };
  return { source: createReadStream(file, { highWaterMark: 1024 * 1024 }), name: file };
}

/** Reads and parses the request of `--input FILE` (or stdin). */
export async function readRequest(file: string | undefined, limit: number = MAX_REQUEST_BYTES): Promise<unknown> {
  const { source, name } = inputSource(file);
  let bytes: Buffer;
  try {
    bytes = await readBounded(source, limit);
  } catch (e) {
    if (e instanceof YibaoError) throw e;
    source.destroy?.();
    throw new YibaoError('invalid_input', `cannot read ${name}: ${e instanceof Error ? e.message : String(e)}`, '');
  }
  return parseRequest(bytes);
}
