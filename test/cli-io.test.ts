/**
 * The command's reading and writing, in-process: the bounded reader, the strict
 * UTF-8 decoding and the piecewise JSON writer.
 */
import { PassThrough, Writable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { YibaoError } from '../src/engine/errors.js';
import { firstInvalidUtf8, MAX_REQUEST_BYTES, parseRequest, readBounded } from '../src/cli/input.js';
import { jsonPieces, writePieces } from '../src/cli/output.js';

async function refusal(p: Promise<unknown>): Promise<YibaoError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof YibaoError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

function refusalOf(f: () => unknown): YibaoError {
  try {
    f();
  } catch (e) {
    if (e instanceof YibaoError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('readBounded', () => {
  it('is 64 MiB', () => {
    expect(MAX_REQUEST_BYTES).toBe(67_108_864);
  });

  it('stops reading an endless source as soon as it passes the limit', async () => {
    let produced = 0;
    let destroyed = false;
    const source = {
      async *[Symbol.asyncIterator]() {
        for (;;) {
          produced += 100;
          yield new Uint8Array(100);
        }
      },
      destroy: () => {
        destroyed = true;
      },
    };
    const e = await refusal(readBounded(source, 1000));
    expect(e.code).toBe('invalid_input');
    expect(e.path).toBe('');
    expect(e.message).toBe('the request is larger than 1000 bytes, the most yibao reads');
    expect(produced).toBe(1100);
    expect(destroyed).toBe(true);
  });

  it('names the limit in MiB', async () => {
    const big = {
      async *[Symbol.asyncIterator]() {
        yield new Uint8Array(2 * 1024 * 1024 + 1);
      },
    };
    const e = await refusal(readBounded(big, 2 * 1024 * 1024));
    expect(e.message).toBe('the request is larger than 2 MiB (2097152 bytes), the most yibao reads');
  });

  it('takes exactly the limit', async () => {
    const s = new PassThrough();
    s.end(Buffer.alloc(1000, 0x20));
    expect((await readBounded(s, 1000)).length).toBe(1000);
  });
});

describe('parseRequest', () => {
  const bytes = (...parts: (string | number[])[]) =>
    Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

  it('parses UTF-8 JSON', () => {
    expect(parseRequest(bytes('{"id":"沧州"}'))).toEqual({ id: '沧州' });
  });

  it('skips one leading byte-order mark', () => {
    expect(parseRequest(bytes([0xef, 0xbb, 0xbf], '{"a":1}'))).toEqual({ a: 1 });
    // a second one is text, and not JSON
    expect(refusalOf(() => parseRequest(bytes([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], '{}'))).message).toMatch(/^the request is not valid JSON: /);
  });

  it.each([
    ['0xFF inside a string', bytes('{"id":"C', [0xff], '1"}'), 8],
    ['a truncated sequence', bytes('{"id":"', [0xe6, 0xb2], '"}'), 7],
    ['an overlong form', bytes('{"id":"', [0xc0, 0xaf], '"}'), 7],
    ['a UTF-16 surrogate', bytes('{"id":"', [0xed, 0xa0, 0x80], '"}'), 7],
    ['a code point above U+10FFFF', bytes('{"id":"', [0xf4, 0x90, 0x80, 0x80], '"}'), 7],
    ['Latin-1 text', bytes('{"name":"', [0xe9], 'a"}'), 9],
  ])('refuses %s as invalid_input naming the byte', (_name, b, at) => {
    const e = refusalOf(() => parseRequest(b));
    expect(e.code).toBe('invalid_input');
    expect(e.path).toBe('');
    expect(e.message).toBe(`the request is not valid UTF-8 (byte ${at})`);
  });

  it('refuses what is not JSON as invalid_input', () => {
    const e = refusalOf(() => parseRequest(bytes('{not json')));
    expect(e.code).toBe('invalid_input');
    expect(e.path).toBe('');
    expect(e.message).toMatch(/^the request is not valid JSON: /);
  });

  it('firstInvalidUtf8 agrees with the fatal TextDecoder', () => {
    const decodes = (b: Uint8Array) => {
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(b);
        return true;
      } catch {
        return false;
      }
    };
    // bytes biased towards the interesting lead and continuation bytes
    const byte = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x80, 0xbf, 0x9f, 0xa0, 0x8f, 0x90, 0xc0, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5));
    fc.assert(
      fc.property(fc.array(byte, { maxLength: 12 }), (a) => {
        const b = Uint8Array.from(a);
        const at = firstInvalidUtf8(b);
        expect(at === -1).toBe(decodes(b));
        if (at >= 0) expect(decodes(b.subarray(0, at))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => firstInvalidUtf8(Buffer.from(s, 'utf8')) === -1));
  });
});

describe('jsonPieces', () => {
  const text = (v: unknown, size?: number) => [...jsonPieces(v, size)].join('');

  it('is the text of JSON.stringify(value, null, 2), in pieces of the size asked', () => {
    const value = { results: Array.from({ length: 200 }, (_, i) => ({ claimId: `C${i}`, steps: [{ rule: 'r', amount: i }], setldetail: [] })) };
    const pieces = [...jsonPieces(value, 1000)];
    expect(pieces.length).toBeGreaterThan(10);
    expect(pieces.join('')).toBe(JSON.stringify(value, null, 2));
    for (const p of pieces.slice(0, -1)) expect(p.length).toBeGreaterThanOrEqual(1000);
  });

  it('writes what JSON.stringify writes, whatever the value', () => {
    const values = fc.anything({
      withBoxedValues: true,
      withDate: true,
      withNullPrototype: true,
      withSparseArray: true,
      withObjectString: true,
      withTypedArray: true,
      withMap: true,
      withSet: true,
    });
    fc.assert(
      fc.property(values, fc.integer({ min: 1, max: 64 }), (v, size) => {
        fc.pre(v !== undefined);
        expect(text(v, size)).toBe(JSON.stringify(v, null, 2));
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps JSON.stringify’s special cases', () => {
    const withToJSON = { toJSON: (key: string) => ({ key, nested: [{ toJSON: (k: string) => `at ${k}` }] }) };
    const v = {
      a: undefined,
      f: () => 1,
      s: Symbol('s'),
      list: [undefined, () => 1, Symbol('t'), NaN, -0, Infinity, new Date(0), {}, [], { only: undefined }],
      nested: { deeper: { withToJSON } },
      boxed: [new Number(2), new String('x'), new Boolean(false)],
    };
    expect(text(v, 7)).toBe(JSON.stringify(v, null, 2));
    expect(text([])).toBe('[]');
    expect(text('x')).toBe('"x"');
  });

  it('throws on a cycle as JSON.stringify does', () => {
    const a: unknown[] = [];
    a.push({ a });
    expect(() => text({ a })).toThrow(TypeError);
    expect(() => text({ big: 1n })).toThrow(TypeError);
  });
});

describe('writePieces', () => {
  it('writes every piece, waiting for drain', async () => {
    const got: string[] = [];
    const out = new Writable({
      highWaterMark: 4,
      write(chunk: Buffer, _enc, cb) {
        got.push(chunk.toString());
        setImmediate(cb);
      },
    });
    await writePieces(out, ['abcdef', 'gh', 'ijklmnop', 'q']);
    expect(got.join('')).toBe('abcdefghijklmnopq');
  });

  it('rejects with the stream’s error and stops writing', async () => {
    let calls = 0;
    const out = new Writable({
      write(_chunk, _enc, cb) {
        calls++;
        cb(Object.assign(new Error('EPIPE: broken pipe, write'), { code: 'EPIPE' }));
      },
    });
    function* endless() {
      for (;;) yield 'x'.repeat(1000);
    }
    await expect(writePieces(out, endless())).rejects.toMatchObject({ code: 'EPIPE' });
    expect(calls).toBeLessThanOrEqual(2);
  });
});
