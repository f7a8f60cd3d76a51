/** Writing the saved library: its lines (`serializeSteps`) with a checksum per part, replacing the file atomically. */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { dirname } from 'node:path';
import { CHECKSUM_HASH, CHECKSUM_MARK, serializeSteps } from './core/cacheFormat';
import type { Library } from './core/library';
import { runSliced, runSync } from './core/steps';
import { writeFileAtomically } from './files';

/**
 * The cache file: a first line `LDC2 <sha1 of the front> <its bytes> <sha1 of the terms>` (see `CHECKSUM_MARK`), then the front (the
 * header, the papers and the index's counts: what the tree needs) and the index's terms. Each part has its own
 * checksum, so a torn or edited file is caught before parsing, and opening a library verifies and decodes the terms
 * only when the index is loaded, after the tree shows (they are a third of the file).
 */
export function checksummed(lines: readonly string[]): Uint8Array {
  const frontLines = 2 + (JSON.parse(lines[0]) as { paperLines: number }).paperLines;
  const encoder = new TextEncoder();
  const front = encoder.encode(`${lines.slice(0, frontLines).join('\n')}\n`);
  const terms = encoder.encode(lines.slice(frontLines).join('\n'));
  const sha = (bytes: Uint8Array) => createHash(CHECKSUM_HASH).update(bytes).digest('hex');
  const header = encoder.encode(`${CHECKSUM_MARK} ${sha(front)} ${front.length} ${sha(terms)}\n`);
  const all = new Uint8Array(header.length + front.length + terms.length);
  all.set(header);
  all.set(front, header.length);
  all.set(terms, header.length + front.length);
  return all;
}

/** Saves `library` under `key` at `path` (its folder created if missing): whole or not at all. Rejects with a `UserFileError`. */
export async function saveLibrary(path: string, library: Library, key: string): Promise<void> {
  const lines = await runSliced(serializeSteps(library, key));
  await makeFolder(dirname(path));
  await writeFileAtomically(path, checksummed(lines));
}

/** The same, at once, for the build (which has no event loop to keep free). */
export async function saveLibraryNow(path: string, library: Library, key: string): Promise<void> {
  await makeFolder(dirname(path));
  await writeFileAtomically(path, checksummed(runSync(serializeSteps(library, key))));
}

/**
 * Makes `dir` and its missing parents, one level at a time. Node's `mkdir(…, { recursive: true })` never returns
 * where mkdir fails with ENOENT under a folder that exists (a cache folder named under /proc: seen, it spins).
 */
async function makeFolder(dir: string): Promise<void> {
  const missing: string[] = [];
  for (let at = dir; !(await fsp.stat(at).catch(() => null)); at = dirname(at)) {
    if (dirname(at) === at) break;
    missing.unshift(at);
  }
  for (const folder of missing) await fsp.mkdir(folder).catch((e: NodeJS.ErrnoException) => (e.code === 'EEXIST' ? undefined : Promise.reject(e)));
}
