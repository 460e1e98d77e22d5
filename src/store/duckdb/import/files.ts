/**
 * Bulk import, file level: checks before reading (exists, not empty, not compressed, no glob
 * characters), head/format sniffing, native chunked scans of the bytes (blank lines, the line of a
 * byte offset, whether a byte occurs), and the LF copy of a file with mixed CR LF / LF line ends.
 */
import { mkdtemp, open, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { InvalidInputError, NotFoundError } from '../../../domain/errors.js';

export async function checkFile(file: string): Promise<number> {
  let st;
  try {
    st = await stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new NotFoundError(`import file not found: ${file}`);
    throw new Error(`cannot read import file ${file}: ${(err as Error).message}`, { cause: err });
  }
  if (!st.isFile()) throw new InvalidInputError(`import file ${file} is not a regular file`);
  if (st.size === 0) throw new InvalidInputError(`import file ${file} is empty`);
  if (/\.(gz|zst|zip|bz2|xz)$/i.test(file)) throw new InvalidInputError(`import file ${file} is compressed; decompress it first`);
  if (/[*?[\]{}]/.test(file)) {
    // read_csv would treat these as a glob pattern and might read other files.
    throw new InvalidInputError(`import file ${file}: rename it without * ? [ ] { } (DuckDB reads those as a file pattern)`);
  }
  return st.size;
}

export async function readHead(file: string, bytes: number): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

export function formatOf(file: string, head: Buffer): 'csv' | 'ndjson' {
  const ext = extname(file).toLowerCase();
  if (['.csv', '.tsv', '.txt', '.tab'].includes(ext)) return 'csv';
  if (['.ndjson', '.jsonl', '.json', '.ldjson'].includes(ext)) return 'ndjson';
  const first = head.toString('utf8').replace(/^\uFEFF/, '').trimStart()[0];
  return first === '{' ? 'ndjson' : 'csv';
}

/** Stream the file; call `fn` per chunk with its absolute offset (chunks overlap by `overlap` bytes). */
async function scanChunks(file: string, upTo: number, overlap: number, fn: (chunk: Buffer, offset: number) => boolean | void): Promise<void> {
  const fh = await open(file, 'r');
  try {
    const size = 8 << 20;
    const buf = Buffer.alloc(size + overlap);
    let pos = 0;
    let carry = 0;
    while (pos < upTo) {
      const { bytesRead } = await fh.read(buf, carry, size, pos);
      if (bytesRead === 0) break;
      const chunk = buf.subarray(0, carry + bytesRead);
      if (fn(chunk, pos - carry) === false) return;
      pos += bytesRead;
      carry = Math.min(overlap, chunk.length);
      chunk.copy(buf, 0, chunk.length - carry);
    }
  } finally {
    await fh.close();
  }
}

/** Does the file hold this byte anywhere? (native search; stops at the first) */
export async function containsByte(file: string, size: number, byte: number): Promise<boolean> {
  let found = false;
  await scanChunks(file, size, 0, (chunk) => {
    found = chunk.indexOf(byte) !== -1;
    return !found;
  });
  return found;
}

/**
 * A temporary copy with CRLF line ends turned into LF: same lines, so the same line numbers.
 * Only for files DuckDB's reader cannot split as they are (CR LF mixed with LF).
 */
export async function lfCopy(file: string, temps: string[]): Promise<{ path: string; size: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'waymark-import-'));
  temps.push(dir);
  const path = join(dir, 'lf' + extname(file));
  const src = await open(file, 'r');
  const out = await open(path, 'w');
  let size = 0;
  try {
    const buf = Buffer.alloc(8 << 20);
    let carry = '';
    for (let pos = 0; ; ) {
      const { bytesRead } = await src.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) break;
      pos += bytesRead;
      // latin1 maps bytes 1:1, so the round trip keeps UTF-8 intact
      let text = carry + buf.subarray(0, bytesRead).toString('latin1');
      carry = text.endsWith('\r') ? '\r' : '';
      if (carry) text = text.slice(0, -1);
      const bytes = Buffer.from(text.replaceAll('\r\n', '\n'), 'latin1');
      await out.write(bytes);
      size += bytes.length;
    }
    if (carry) {
      await out.write(carry);
      size += 1;
    }
  } finally {
    await src.close();
    await out.close();
  }
  return { path, size };
}

/** Byte offsets of blank lines (a line holding nothing, or only `\r`), found by native search. */
export async function findBlankLines(file: string, size: number): Promise<number[]> {
  const out = new Set<number>();
  const needles = [Buffer.from('\n\n'), Buffer.from('\n\r\n')];
  await scanChunks(file, size, 2, (chunk, offset) => {
    for (const n of needles) {
      for (let i = chunk.indexOf(n); i !== -1; i = chunk.indexOf(n, i + 1)) out.add(offset + i + 1);
    }
  });
  return [...out].sort((a, b) => a - b);
}

/** 1-based line number of each byte offset (offsets sorted ascending). Only called for the few irregular places. */
export async function linesAt(file: string, offsets: number[]): Promise<Map<number, number>> {
  const out = new Map<number, number>();
  if (!offsets.length) return out;
  let k = 0;
  let newlines = 0;
  const last = offsets[offsets.length - 1]!;
  await scanChunks(file, last + 1, 0, (chunk, offset) => {
    const end = offset + chunk.length;
    let i = -1;
    for (;;) {
      i = chunk.indexOf(10, i + 1);
      const at = i === -1 ? end : offset + i;
      while (k < offsets.length && offsets[k]! <= at) out.set(offsets[k++]!, newlines + 1);
      if (i === -1) break;
      newlines++;
    }
    return k < offsets.length;
  });
  return out;
}
