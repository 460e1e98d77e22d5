/**
 * Bulk import: a CSV or NDJSON export → the `staging` table, one row per canonical event, by
 * DuckDB's own CSV reader and SQL (never a per-row JavaScript loop), so millions of rows load in
 * seconds. The caller commits staging afterwards (identity, touchpoints, dedupe by message_id).
 * The implementation lives in ./import/ (load.ts is the entry point); this module is its public API.
 *
 * 1. read: CSV through `read_csv` into a temp table, every column VARCHAR, with `store_rejects`,
 *    so malformed records come back from DuckDB's reject table (with their byte position) instead
 *    of failing the load. The header is parsed here (delimiter detected among , ; tab |) and the
 *    columns are given to DuckDB explicitly (`columns = {c0: VARCHAR, …}`, `auto_detect = false`,
 *    the equivalent of `all_varchar`) because DuckDB's sniffer gives up on files with a broken
 *    quote — exactly the files whose bad lines we want to report. NDJSON goes through the same
 *    reader as one VARCHAR column per line (no quoting, a delimiter that never occurs in JSON
 *    text); lines that are not JSON objects are then rejected.
 *    User input never becomes SQL text: the file path is a bound parameter (DuckDB accepts them in
 *    table functions), columns are our own names c0, c1, … (so quoteIdent is not even needed),
 *    header names, keys, JSON paths and constants are bound parameters.
 * 2. line numbers: a single-file read into a table keeps file order, so the k-th row of the table
 *    is the k-th good record. Its physical line is computed exactly, also when quoted fields span
 *    lines, when malformed records were skipped and when blank lines were skipped: the few
 *    irregular places (multi-line records found in SQL, rejected records located by their byte
 *    position, blank lines found by a native byte search) split the rows into runs of consecutive
 *    lines, and one ASOF join maps row position → line. Only a blank line *inside* a rejected
 *    multi-line record could still shift later numbers.
 * 3. mapping: per EventMapping, one `INSERT INTO staging SELECT …` (timestamps parsed with casts
 *    and strptime fallbacks, e-mails normalised, properties/traits built as JSON text, ids
 *    derived) stages every row; a row the mapping rejects gets a NULL message_id. Only when there
 *    are such rows does one aggregate query find the first `maxRejects` of them (with the values
 *    that explain why), after which they are deleted, so a clean file is mapped in one pass.
 *    Neither statement filters on a computed value: DuckDB pushes such filters below the
 *    projections and would evaluate every parsed value twice.
 */
export { loadFileIntoStaging } from './import/load.js';
export { lineSegments } from './import/line-numbers.js';
export { type ImportLoad, type ImportLoadOptions, type ImportReject, formatReject } from './import/types.js';
