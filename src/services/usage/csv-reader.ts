/**
 * A streaming RFC 4180 CSV reader: text goes in by chunks, records come out with the physical
 * line each one starts on. Memory stays bounded by the longest record (never the file): a quoted
 * field left open for more than MAX_RECORD_CHARS is reported as bad quoting and reading resumes
 * on the next line.
 *
 * The hot path is a record without quotes: one indexOf for the line end, one for a quote, then a
 * native split. Quoted records take the careful path character run by character run.
 */

export const MAX_RECORD_CHARS = 1_000_000;

export interface CsvSink {
  /** A complete record: its fields and the line it starts on (1-based). */
  record(fields: string[], line: number): void;
  /** A record that cannot be read (bad quoting); reading goes on with the next one. */
  invalid(line: number, reason: string): void;
}

export class CsvReader {
  private buf = '';
  /** Line number of the first character of `buf`. */
  private line = 1;
  private readonly sink: CsvSink;

  constructor(sink: CsvSink) {
    this.sink = sink;
  }

  /** Feeds decoded text; complete records are handed to the sink before it returns. */
  push(text: string): void {
    if (this.skipRestOfLine) {
      // The rest of a broken line whose start was already reported.
      const nl = text.indexOf('\n');
      if (nl === -1) return;
      this.skipRestOfLine = false;
      text = text.slice(nl + 1);
    }
    this.buf = this.buf.length === 0 ? text : this.buf + text;
    this.drain(false);
  }

  /** The input ended: the last record may lack its line break. */
  end(): void {
    this.drain(true);
    this.buf = '';
  }

  private drain(final: boolean): void {
    const s = this.buf;
    const n = s.length;
    let p = 0;
    let line = this.line;
    const sink = this.sink;
    // Position of the next quote at or after p (-1: none in the buffer); kept across records.
    let nextQuote = s.indexOf('"', 0);
    while (p < n) {
      const nl = s.indexOf('\n', p);
      if (nl === -1 && !final) break;
      const lineEnd = nl === -1 ? n : nl;
      if (nextQuote !== -1 && nextQuote < p) nextQuote = s.indexOf('"', p);
      if (nextQuote === -1 || nextQuote >= lineEnd) {
        // Fast path: no quote on this line.
        let end = lineEnd;
        if (end > p && s.charCodeAt(end - 1) === 13) end--;
        if (end > p) sink.record(s.slice(p, end).split(','), line);
        p = lineEnd + 1;
        line++;
        continue;
      }
      const r = parseQuoted(s, p, final);
      if (r === null) {
        // The record is not complete yet; if it is already too long, its quote never closes.
        if (n - p > MAX_RECORD_CHARS) {
          sink.invalid(line, `bad quoting: a quoted field opened on line ${line} is not closed within ${MAX_RECORD_CHARS} characters`);
          p = nl === -1 ? n : nl + 1;
          if (nl === -1 && !final) this.skipRestOfLine = true;
          line++;
          continue;
        }
        break;
      }
      if (r.error) {
        sink.invalid(line, r.error);
        // Resume on the line after the one where the problem was found.
        const resumeNl = s.indexOf('\n', r.end);
        line += r.lines + 1;
        p = resumeNl === -1 ? n : resumeNl + 1;
        // The rest of this broken line may still be to come in the next chunk.
        if (resumeNl === -1 && !final) this.skipRestOfLine = true;
        continue;
      }
      sink.record(r.fields, line);
      line += r.lines + 1;
      p = r.end;
    }
    this.buf = p >= n ? '' : s.slice(p);
    this.line = line;
  }

  /** After a bad record whose line had not ended yet: the next chunk's text up to its line break is that same line. */
  private skipRestOfLine = false;
}

interface Parsed {
  fields: string[];
  /** Index just after the record's line break. */
  end: number;
  /** Line breaks inside the record (in quoted fields). */
  lines: number;
  error?: string;
}

/**
 * Parses one record that has a quote somewhere on its first line. Returns null when the buffer
 * ends before the record does (and the input is not final).
 */
function parseQuoted(s: string, start: number, final: boolean): Parsed | null {
  const n = s.length;
  const fields: string[] = [];
  let p = start;
  let lines = 0;
  for (;;) {
    if (p < n && s.charCodeAt(p) === 34) {
      // Quoted field: runs up to a quote not followed by another quote.
      let value = '';
      let q = p + 1;
      for (;;) {
        const close = s.indexOf('"', q);
        if (close === -1) {
          if (!final) return null;
          return { fields, end: n, lines: lines + countLines(s, q, n), error: 'bad quoting: a quoted field is not closed before the end of the file' };
        }
        if (close + 1 >= n && !final) return null;
        if (s.charCodeAt(close + 1) === 34) {
          value += s.slice(q, close + 1);
          q = close + 2;
          continue;
        }
        value += s.slice(q, close);
        lines += countLines(s, q, close);
        p = close + 1;
        break;
      }
      fields.push(value);
      const c = p < n ? s.charCodeAt(p) : -1;
      if (c === 44) { p++; continue; }
      if (c === 10) return { fields, end: p + 1, lines };
      if (c === 13) {
        if (p + 1 >= n && !final) return null;
        if (p + 1 >= n) return { fields, end: n, lines };
        if (s.charCodeAt(p + 1) === 10) return { fields, end: p + 2, lines };
        return { fields, end: p + 1, lines, error: 'bad quoting: a carriage return follows a closing quote' };
      }
      if (c === -1) {
        if (!final) return null;
        return { fields, end: n, lines };
      }
      return { fields, end: p, lines, error: `bad quoting: unexpected character '${s[p]}' after a closing quote (field ${fields.length})` };
    }
    // Unquoted fields up to the next quote or the line end: split natively, not char by char.
    const nl = s.indexOf('\n', p);
    if (nl === -1 && !final) return null;
    const lineEnd = nl === -1 ? n : nl;
    const q = s.indexOf('"', p);
    if (q === -1 || q >= lineEnd) {
      let e = lineEnd;
      if (e > p && s.charCodeAt(e - 1) === 13) e--;
      const rest = s.slice(p, e).split(',');
      for (let i = 0; i < rest.length; i++) fields.push(rest[i]!);
      return { fields, end: nl === -1 ? n : nl + 1, lines };
    }
    // A quote must open a field: it may only follow a comma.
    if (s.charCodeAt(q - 1) !== 44) return { fields, end: q, lines, error: `bad quoting: a quote inside an unquoted field (field ${fields.length + s.slice(p, q).split(',').length})` };
    const before = s.slice(p, q - 1).split(',');
    for (let i = 0; i < before.length; i++) fields.push(before[i]!);
    p = q;
  }
}

function countLines(s: string, from: number, to: number): number {
  let count = 0;
  let i = s.indexOf('\n', from);
  while (i !== -1 && i < to) {
    count++;
    i = s.indexOf('\n', i + 1);
  }
  return count;
}
