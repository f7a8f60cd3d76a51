/** The only module that touches the user's files: bounded reads, appends that lose no one's bytes, atomic replaces. */
import { constants, promises as fsp, type Stats } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep, isAbsolute } from 'node:path';
import { randomBytes } from 'node:crypto';

/** The largest digest LitDigest reads unless told otherwise: 20 MB (the largest daily page seen is under 1 MB). */
export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
/** How long one file may take to read before the read is given up: 10 s (a local file takes milliseconds). */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** How many times an append composes again when another process wrote between reading and appending. */
const APPEND_ATTEMPTS = 5;

/** Why a user's file could not be used. `kind` is for code; `message` names the file and says what to do. */
export type UserFileErrorKind = 'missing' | 'not-a-file' | 'too-large' | 'timeout' | 'io';

/** A failure reading or writing one of the user's files, with a message fit to show as is. */
export class UserFileError extends Error {
  /** The message without the path, for a `Problem` that already names the file: "it is a named pipe (FIFO), …". */
  readonly reason: string;

  constructor(
    readonly kind: UserFileErrorKind,
    message: string,
    readonly path: string,
    reason?: string,
  ) {
    super(message);
    this.name = 'UserFileError';
    this.reason = reason ?? (message.startsWith(`${path} `) ? `it ${message.slice(path.length + 1)}` : message);
  }
}

/** Limits on one read. */
export interface ReadLimits {
  /** Refuse files larger than this many bytes (default `DEFAULT_MAX_BYTES`). */
  maxBytes?: number;
  /** Reject when the read has not finished after this many ms (default `DEFAULT_TIMEOUT_MS`). */
  timeoutMs?: number;
}

/** The kind of a file that is not a regular file, in words for a message. */
function kindOf(stats: Stats): string | null {
  if (stats.isFile()) return null;
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function megabytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.ceil(bytes / 1024)} KB`;
}

/** `e` as a UserFileError about `path`: missing files and unreadable ones get their own words. */
function asUserFileError(e: unknown, path: string): UserFileError {
  if (e instanceof UserFileError) return e;
  const code = (e as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return new UserFileError('missing', `${path} does not exist`, path, 'no such file or folder');
  if (code === 'EISDIR') return new UserFileError('not-a-file', `${path} is a folder, not a file`, path);
  if (code === 'EACCES' || code === 'EPERM') return new UserFileError('io', `${path} may not be read or written (${code})`, path);
  return new UserFileError('io', `${path}: ${e instanceof Error ? e.message : String(e)}`, path, e instanceof Error ? e.message : String(e));
}

/**
 * Settles like `work`, or rejects with a timeout error after `ms`; the timer never outlives the race.
 * `work` itself is not cancelled (a stuck read cannot be); it closes its own file whenever it settles.
 */
async function withDeadline<T>(work: Promise<T>, ms: number, path: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new UserFileError('timeout', `${path} did not finish reading within ${ms / 1000} s; is it on a stalled network drive?`, path)),
      ms,
    );
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The bytes of the regular file at `path` (symlinks followed). Refuses, with a `UserFileError` naming the
 * reason: folders, FIFOs, devices and sockets (also behind a symlink, and also when the file is swapped for
 * one between the check and the open: the opened descriptor is checked again), files over `maxBytes`
 * ("… is 31 MB; LitDigest reads digests up to 20 MB"), and reads that take longer than `timeoutMs`.
 * Never blocks the caller: the whole read, including stat and open, is under the deadline.
 */
export async function readUserFile(path: string, limits: ReadLimits = {}): Promise<Uint8Array> {
  const maxBytes = limits.maxBytes ?? DEFAULT_MAX_BYTES;
  const tooLarge = (size: number) =>
    new UserFileError('too-large', `${path} is ${megabytes(size)}; LitDigest reads digests up to ${megabytes(maxBytes)}`, path);
  const work = (async () => {
    const before = await fsp.stat(path).catch((e) => Promise.reject(asUserFileError(e, path)));
    const kind = kindOf(before);
    if (kind) throw new UserFileError('not-a-file', `${path} is ${kind}, not a digest file; LitDigest reads only regular files`, path);
    if (before.size > maxBytes) throw tooLarge(before.size);
    // O_NONBLOCK: if a FIFO was swapped in after the stat, opening it must not wait for a writer.
    const handle = await fsp.open(path, constants.O_RDONLY | constants.O_NONBLOCK).catch((e) => Promise.reject(asUserFileError(e, path)));
    try {
      const opened = await handle.stat();
      const openedKind = kindOf(opened);
      if (openedKind) throw new UserFileError('not-a-file', `${path} is ${openedKind}, not a digest file; LitDigest reads only regular files`, path);
      if (opened.size > maxBytes) throw tooLarge(opened.size);
      // One byte more than allowed shows a file that grew past the limit since fstat, without reading all of it.
      const buffer = Buffer.alloc(Math.min(opened.size, maxBytes) + 1);
      let filled = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
        if (filled === buffer.length) {
          if (filled > maxBytes) throw tooLarge(filled);
          break;
        }
      }
      return new Uint8Array(buffer.buffer, buffer.byteOffset, filled);
    } finally {
      await handle.close().catch(() => undefined);
    }
  })();
  // A read abandoned at the deadline still settles later; its rejection must not become an unhandled one.
  work.catch(() => undefined);
  return withDeadline(work, limits.timeoutMs ?? DEFAULT_TIMEOUT_MS, path);
}

/** What `appendToFile` did. */
export interface AppendResult {
  /** False when `compose` returned null (nothing to add). */
  appended: boolean;
  /** Bytes appended. */
  bytes: number;
  /** Whether the file was created by this call. */
  created: boolean;
}

/**
 * Appends what `compose` returns to the file at `path`, with one `write` on a descriptor opened with
 * `O_APPEND`: bytes another process appends meanwhile are never lost, the file is never missing, and
 * its inode, mode, owner and links (hard or symbolic) stay as they are, since it is never rewritten and
 * no temporary file exists. `compose(existing)` (may be async) gets the file's current bytes and returns what to append
 * (null: nothing). When the file's size changed between reading and appending, it reads and composes
 * again (up to 5 times; then it appends against the last bytes read, which O_APPEND still keeps whole).
 * `create: true` creates a missing file (never a missing folder: that is an error). Rejects with a
 * `UserFileError` when the file cannot be opened or written; nothing is left behind.
 */
export async function appendToFile(
  path: string,
  compose: (existing: Uint8Array) => Uint8Array | null | Promise<Uint8Array | null>,
  options: { create?: boolean; maxBytes?: number } = {},
): Promise<AppendResult> {
  const maxBytes = options.maxBytes ?? 4 * DEFAULT_MAX_BYTES;
  let created = false;
  let handle: fsp.FileHandle;
  try {
    handle = await fsp.open(path, constants.O_RDWR | constants.O_APPEND | constants.O_NONBLOCK);
  } catch (e) {
    if ((e as NodeJS.ErrnoException)?.code !== 'ENOENT' || !options.create) throw asUserFileError(e, path);
    try {
      // O_EXCL: if another process created it meanwhile, append to theirs instead of truncating it.
      handle = await fsp.open(path, constants.O_RDWR | constants.O_APPEND | constants.O_CREAT | constants.O_EXCL, 0o666);
      created = true;
    } catch (e2) {
      if ((e2 as NodeJS.ErrnoException)?.code !== 'EEXIST') {
        if ((e2 as NodeJS.ErrnoException)?.code === 'ENOENT')
          throw new UserFileError('missing', `the folder of ${path} does not exist`, path, 'its folder does not exist');
        throw asUserFileError(e2, path);
      }
      handle = await fsp.open(path, constants.O_RDWR | constants.O_APPEND | constants.O_NONBLOCK).catch((e3) => Promise.reject(asUserFileError(e3, path)));
    }
  }
  try {
    for (let attempt = 1; ; attempt++) {
      const stats = await handle.stat();
      const kind = kindOf(stats);
      if (kind) throw new UserFileError('not-a-file', `${path} is ${kind}, not a file LitDigest can add to`, path);
      if (stats.size > maxBytes)
        throw new UserFileError('too-large', `${path} is ${megabytes(stats.size)}; LitDigest adds to files up to ${megabytes(maxBytes)}`, path);
      const existing = Buffer.alloc(stats.size);
      let filled = 0;
      while (filled < existing.length) {
        const { bytesRead } = await handle.read(existing, filled, existing.length - filled, filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      const bytes = await compose(new Uint8Array(existing.buffer, existing.byteOffset, filled));
      if (bytes === null || bytes.length === 0) return { appended: false, bytes: 0, created };
      // Someone appended while we composed: compose again against what is there now (e.g. they added the same entry).
      if ((await handle.stat()).size !== filled && attempt < APPEND_ATTEMPTS) continue;
      let written = 0;
      while (written < bytes.length) {
        // Position null: O_APPEND puts every write at the end as it is at that moment.
        const { bytesWritten } = await handle.write(bytes, written, bytes.length - written, null);
        written += bytesWritten;
      }
      return { appended: true, bytes: written, created };
    }
  } catch (e) {
    throw asUserFileError(e, path);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/**
 * Replaces the file at `path` with `bytes` so that it is whole or as before, and never missing: the bytes go
 * to a temporary file in the same folder, which is then renamed over the target (atomic on POSIX). An
 * existing target keeps its mode, and a symlink stays a symlink (its target is replaced). The temporary file
 * is removed on any failure. Does not create folders. Rejects with a `UserFileError`.
 */
export async function writeFileAtomically(path: string, bytes: Uint8Array): Promise<void> {
  const target = await fsp.realpath(path).catch(() => path);
  const existing = await fsp.stat(target).catch(() => null);
  if (existing && !existing.isFile()) throw new UserFileError('not-a-file', `${path} is ${kindOf(existing)}, not a file LitDigest can replace`, path);
  const temp = join(dirname(target), `.${basename(target)}.litdigest-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const handle = await fsp.open(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, existing ? existing.mode & 0o7777 : 0o666);
    try {
      await handle.writeFile(bytes);
      // The umask may have narrowed the mode given to open; the replaced file's mode is what the user chose.
      if (existing) await handle.chmod(existing.mode & 0o7777);
    } finally {
      await handle.close();
    }
    await fsp.rename(temp, target);
  } catch (e) {
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    throw asUserFileError(e, path);
  }
}

/**
 * `path` with every symlink resolved. A path that does not exist yet (a bibliography about to be created)
 * resolves its longest existing ancestor and keeps the rest as written.
 */
export async function resolveRealPath(path: string): Promise<string> {
  const absolute = resolve(path);
  const missing: string[] = [];
  for (let current = absolute; ; current = dirname(current)) {
    try {
      return join(await fsp.realpath(current), ...missing.reverse());
    } catch {
      if (dirname(current) === current) return absolute;
      missing.push(basename(current));
    }
  }
}

/**
 * The real path of `path` (symlinks resolved, see `resolveRealPath`) when it lies inside one of `roots`
 * (also resolved), else null: a symlink inside the workspace that points out of it is outside.
 */
export async function realPathInside(path: string, roots: readonly string[]): Promise<string | null> {
  const real = await resolveRealPath(path);
  for (const root of roots) {
    const realRoot = await resolveRealPath(root);
    const rel = relative(realRoot, real);
    if (rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))) return real;
  }
  return null;
}
