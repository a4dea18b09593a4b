import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';

/**
 * Where usage data comes from: one file, a folder of export files (Cost Management writes many
 * files per export, in dated sub-folders, beside a manifest), or an uploaded stream. Every input
 * is read as raw bytes, counted for progress, and gunzipped when it starts with gzip's magic
 * bytes whatever its name says.
 */

export interface UsageInputFile {
  /** Shown in rejections and the import record. */
  name: string;
  /** Raw size in bytes, when known (for the progress estimate). */
  size?: number;
  open(): Readable;
}

/** The export files under a path: the file itself, or every data file below a folder, in name order. */
export function listInputFiles(inputPath: string): UsageInputFile[] {
  const stat = fs.statSync(inputPath);
  if (!stat.isDirectory()) return [fileInput(inputPath, path.basename(inputPath), stat.size)];
  const found: UsageInputFile[] = [];
  const walk = (dir: string, rel: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      const relName = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(full, relName);
      else if (entry.isFile() && isDataFileName(entry.name)) found.push(fileInput(full, relName, fs.statSync(full).size));
    }
  };
  walk(inputPath, '');
  return found;
}

/**
 * Data files of an export folder: CSV, JSON, and their gzip forms. The export's manifest.json
 * describes the files and holds no usage; hidden files and anything else are left alone.
 */
export function isDataFileName(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower.startsWith('.') || lower === 'manifest.json' || lower === '_manifest.json') return false;
  return /\.(csv|json)(\.gz)?$/.test(lower) || lower.endsWith('.gz');
}

function fileInput(full: string, name: string, size: number): UsageInputFile {
  return { name, size, open: () => fs.createReadStream(full, { highWaterMark: 256 * 1024 }) };
}

/**
 * The decompressed bytes of a raw input. `onRawBytes` sees every raw (possibly compressed) chunk
 * length as it is read, which is what the progress bar compares with the file size.
 */
export async function* decodedChunks(raw: Readable, onRawBytes: (n: number) => void): AsyncGenerator<Buffer> {
  const iterator = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const first = await iterator.next();
  if (first.done) return;
  const head = first.value as Buffer;
  onRawBytes(head.length);
  const rest = async function* () {
    yield head;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      onRawBytes((next.value as Buffer).length);
      yield next.value as Buffer;
    }
  };
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = zlib.createGunzip({ chunkSize: 256 * 1024 });
    const source = Readable.from(rest(), { objectMode: false });
    source.on('error', (err) => gunzip.destroy(err));
    source.pipe(gunzip);
    for await (const chunk of gunzip) yield chunk as Buffer;
    return;
  }
  yield* rest();
}
