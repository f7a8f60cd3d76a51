/** The saved library's key and checksum (node:crypto, no vscode): shared by the extension and the build, which ships a ready cache of the shipped digest. */
import { createHash } from 'node:crypto';
import { CACHE_VERSION } from './core/cache';
import type { DigestFile } from './core/digest';
import type { Taxonomy } from './core/vocabulary';

/** Where the build writes the shipped digest's library, inside the extension. */
export const SHIPPED_CACHE = 'dist/shipped-library.jsonl';

/** A key of everything a library is built from: cache format, extension version, taxonomy, every file's name and bytes (in name order). */
export function libraryCacheKey(files: readonly DigestFile[], taxonomy: Taxonomy, version: string): string {
  const hash = createHash('sha256').update(`${CACHE_VERSION}\0${version}\0${JSON.stringify(taxonomy)}\0`);
  for (const f of files) hash.update(`${f.name}\0${'bytes' in f ? f.bytes.length : f.text.length}\0`).update('bytes' in f ? f.bytes : f.text);
  return hash.digest('hex');
}

/** The cache file: a SHA-256 of the body on the first line, then the body, so a torn or edited file is caught before parsing. */
export function checksummed(lines: readonly string[]): Uint8Array {
  const body = new TextEncoder().encode(lines.join('\n'));
  const header = new TextEncoder().encode(`${createHash('sha256').update(body).digest('hex')}\n`);
  const all = new Uint8Array(header.length + body.length);
  all.set(header);
  all.set(body, header.length);
  return all;
}

/** The lines of a cache file whose checksum holds, or null. Decoded line by line, so no single decode covers a 200 MB file. */
export function verifiedLines(bytes: Uint8Array): string[] | null {
  const newline = bytes.indexOf(10);
  const body = bytes.subarray(newline + 1);
  if (newline < 0 || new TextDecoder().decode(bytes.subarray(0, newline)) !== createHash('sha256').update(body).digest('hex')) return null;
  const decoder = new TextDecoder();
  const lines: string[] = [];
  for (let start = 0; ;) {
    const end = body.indexOf(10, start);
    lines.push(decoder.decode(body.subarray(start, end < 0 ? body.length : end)));
    if (end < 0) return lines;
    start = end + 1;
  }
}
