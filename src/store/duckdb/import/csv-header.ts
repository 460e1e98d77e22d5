/**
 * Bulk import, CSV header: the header record parsed in JavaScript (quoted names, names spanning
 * lines), the delimiter chosen among , ; tab | and leading blank lines counted, so that DuckDB's
 * reader can be given explicit columns and never needs its sniffer.
 */
import { InvalidInputError } from '../../../domain/errors.js';
import { readHead } from './files.js';

export interface HeaderInfo {
  names: string[];
  delimiter: string;
  /** Lines before the header that are blank (passed to DuckDB as skip). */
  leadingBlank: number;
  /** Physical line of the first data record. */
  firstDataLine: number;
}

/** Parse one CSV record starting at `start`; returns fields, the index after it and newlines inside. */
function parseRecord(text: string, start: number, delim: string): { fields: string[]; end: number; newlines: number; complete: boolean } {
  const fields: string[] = [];
  let field = '';
  let i = start;
  let quoted = false;
  let newlines = 0;
  let atStart = true;
  while (i < text.length) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      if (ch === '\n') newlines++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"' && atStart) {
      quoted = true;
      atStart = false;
      i++;
      continue;
    }
    if (text.startsWith(delim, i)) {
      fields.push(field);
      field = '';
      atStart = true;
      i += delim.length;
      continue;
    }
    if (ch === '\n' || ch === '\r') {
      fields.push(field);
      if (ch === '\r' && text[i + 1] === '\n') i++;
      return { fields, end: i + 1, newlines, complete: true };
    }
    atStart = false;
    field += ch;
    i++;
  }
  fields.push(field);
  return { fields, end: i, newlines, complete: !quoted };
}

export async function readHeader(file: string, size: number, delimiter: string | undefined): Promise<HeaderInfo> {
  let head = await readHead(file, Math.min(size, 1 << 20));
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new InvalidInputError(`import file ${file} is UTF-16 encoded; save it as UTF-8 CSV`);
  }
  let text = head.toString('utf8').replace(/^\uFEFF/, '');
  let leadingBlank = 0;
  let start = 0;
  for (;;) {
    const m = /^[ \t]*\r?\n/.exec(text.slice(start));
    if (!m) break;
    leadingBlank++;
    start += m[0].length;
  }
  if (start >= text.length || !text.slice(start).trim()) throw new InvalidInputError(`import file ${file} is empty`);
  const candidates = delimiter ? [delimiter] : [',', ';', '\t', '|'];
  let best: ReturnType<typeof parseRecord> | null = null;
  let bestDelim = candidates[0]!;
  for (const d of candidates) {
    let r = parseRecord(text, start, d);
    if (!r.complete && head.length < size) {
      head = await readHead(file, Math.min(size, 16 << 20));
      text = head.toString('utf8').replace(/^\uFEFF/, '');
      r = parseRecord(text, start, d);
    }
    if (!best || r.fields.length > best.fields.length) {
      best = r;
      bestDelim = d;
    }
  }
  const names = best!.fields.map((f, i) => f.trim() || `column_${i + 1}`);
  return { names, delimiter: bestDelim, leadingBlank, firstDataLine: leadingBlank + 1 + best!.newlines + 1 };
}
