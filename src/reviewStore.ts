/** ReviewStore: reads, re-reads and writes the reviewer files of `.litdigest/review/` (no vscode), keeping the last good state of a file that does not read. */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { correctionChange, correctionsOf, teamCorrections, type CorrectionAction, type PaperCorrections } from './core/corrections';
import type { Problem } from './core/model';
import { changedKeys, resolveConflict, setDecisions, undo as undoStep, type DecisionChange, type UndoRecord } from './core/review';
import type { Decision, Decisions, ReviewHeader } from './core/reviewFile';
import { reviewerOfFileName, reviewFileName, RESOLUTIONS_FILE } from './core/reviewNames';
import { runSliced } from './core/steps';
import { readUserFile, realPathInside, UserFileError, writeFileAtomically } from './files';

/**
 * The review files' schemas, reading and writing (core/reviewFile.ts): imported on the first file to read or write (in the
 * extension a chunk of its own, dist/reviewFile.js), so a workspace without review files never loads them.
 */
const reviewFormat = () => import('./core/reviewFile');

/** Review files larger than this are refused: 64 MB holds several hundred thousand decisions. */
const MAX_REVIEW_BYTES = 64 * 1024 * 1024;
/** How many steps `undo` remembers. */
const UNDO_DEPTH = 200;

/** What the store needs from its host: where the files are, who is deciding, and whether it may write. */
export interface ReviewStoreOptions {
  /** Absolute path of the review folder (`<workspace>/.litdigest/review`). */
  folder: string;
  /** The reviewer deciding in this window: a file-name-safe name (see `reviewerFileStem`). */
  reviewer: string;
  /** The team's exclusion reasons: a reason outside them is read with a warning. */
  reasons?: readonly string[];
  /** True, or why nothing may be written now (an untrusted workspace, no folder open). Asked before every write. */
  canWrite: () => true | string;
  /**
   * The workspace folder: a review file whose real path (symlinks resolved) leaves it is not
   * written, since a cloned repository could link `.litdigest/review` anywhere. Default: no check.
   */
  root?: string;
  /** The time recorded as `decidedAt` (default: now, ISO 8601). */
  now?: () => string;
}

/** The outcome of a change: done (with the keys it changed), or refused with a message fit to show as is. */
export type WriteResult = { ok: true; keys: string[] } | { ok: false; message: string; problems: Problem[] };

/** One file's last read: refused files keep the decisions of their last good read. */
interface FileState {
  decisions: Decisions;
  header: ReviewHeader | undefined;
  /** Errors of the last read (the file is refused while there are any) and its warnings. */
  problems: Problem[];
  refused: boolean;
  /** The file's inode, size and mtime (ns) when it was read or written: unchanged, a change needs no re-read. */
  signature?: string;
}

/** Inode, size and mtime in ns of `path`, or null when it cannot be stat'ed. An atomic replace always changes the inode. */
async function signatureOf(path: string): Promise<string | null> {
  try {
    const st = await fsp.stat(path, { bigint: true });
    return `${st.ino}:${st.size}:${st.mtimeNs}`;
  } catch {
    return null;
  }
}

const EMPTY: Decisions = new Map();

/**
 * A file-name-safe reviewer name: letters, digits and `_ . @ + -` kept, anything else (spaces,
 * slashes, accents) becomes `-`, leading punctuation dropped; null when nothing is left. `Ana Silva` → `Ana-Silva`.
 */
export function reviewerFileStem(name: string): string | null {
  const stem = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\w.@+-]+/g, '-')
    .replace(/^[^A-Za-z0-9]+/, '')
    .replace(/-+$/, '');
  return stem && reviewerOfFileName(reviewFileName(stem)) ? stem : null;
}

/** A review folder as read once (the CLI): each reviewer's decisions, the resolutions, and the problems. */
export interface ReviewFolder {
  reviewers: Map<string, Decisions>;
  resolutions: Decisions;
  /** Errors (that file's decisions are left out) and warnings, with file and line. */
  problems: Problem[];
}

/**
 * Reads `folder` once: every `<reviewer>.jsonl` and `_resolved.jsonl` in it. A missing folder is an
 * empty review; a file that does not read is left out, its errors in `problems`. Never throws.
 */
export async function readReviewFolder(folder: string, reasons?: readonly string[]): Promise<ReviewFolder> {
  const store = new ReviewStore({ folder, reviewer: '', reasons, canWrite: () => 'read only' });
  await store.load();
  const reviewers = store.reviewers;
  reviewers.delete('');
  // A refused file has no last good state here: leave its reviewer out rather than count them as unscreened.
  for (const name of store.refused) {
    const who = reviewerOfFileName(name);
    if (who && who !== 'resolutions') reviewers.delete(who.reviewer);
  }
  return { reviewers, resolutions: store.resolutions, problems: store.problems };
}

/**
 * Every reviewer's decisions and the resolutions, as read from the review folder. `load()` reads
 * every file; a file that does not read (conflict markers, a bad line) is reported in `problems`
 * and its last good decisions stay in force, and it is never written until it reads again.
 * Changes (`decide`, `undo`, `resolve`) re-read the file first and write it atomically with
 * `mergeForWrite`, so another window's or a `git pull`'s decisions on other papers are kept.
 * Changes run one at a time. Never throws: failures come back as `WriteResult`s and problems.
 */
export class ReviewStore {
  private files = new Map<string, FileState>();
  private readonly undoStack: { file: string; record: UndoRecord }[] = [];
  private readonly listeners = new Set<() => void>();
  private queue: Promise<unknown> = Promise.resolve();
  /** Bumped at every load and change: what `corrections` was computed for. */
  private version = 0;
  private correctionsMemo: { version: number; value: Map<string, PaperCorrections> } | undefined;

  constructor(private options: ReviewStoreOptions) {}

  /** The reviewer deciding in this window. */
  get reviewer(): string {
    return this.options.reviewer;
  }

  /** The team's exclusion reasons. */
  get reasons(): readonly string[] {
    return this.options.reasons ?? [];
  }

  /** Changes the reviewer, reasons or trust check (after a settings change); call `load()` after. */
  configure(options: Partial<ReviewStoreOptions>): void {
    this.options = { ...this.options, ...options };
  }

  /** Calls `listener` after every load and change; returns the function that stops it. */
  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** This window's reviewer's decisions (their last good read). */
  get mine(): Decisions {
    return this.files.get(reviewFileName(this.reviewer))?.decisions ?? EMPTY;
  }

  /** This reviewer's decision on `key`, if any. */
  decision(key: string): Decision | undefined {
    return this.mine.get(key);
  }

  /** Every reviewer's decisions by name, this window's reviewer included (even before a first decision). */
  get reviewers(): Map<string, Decisions> {
    const out = new Map<string, Decisions>([[this.reviewer, this.mine]]);
    for (const [name, state] of this.files) {
      const who = reviewerOfFileName(name);
      if (who && who !== 'resolutions') out.set(who.reviewer, state.decisions);
    }
    return out;
  }

  /**
   * The team's corrections of hardware and claims by key (`teamCorrections` of every reviewer's
   * last good read): what the library shows. The same map until the next load or change.
   */
  get corrections(): ReadonlyMap<string, PaperCorrections> {
    if (this.correctionsMemo?.version !== this.version) this.correctionsMemo = { version: this.version, value: teamCorrections(this.reviewers) };
    return this.correctionsMemo.value;
  }

  /** The resolved conflicts. */
  get resolutions(): Decisions {
    return this.files.get(RESOLUTIONS_FILE)?.decisions ?? EMPTY;
  }

  /** Every problem of the last reads: errors (the file is refused) and warnings, with file and line. */
  get problems(): Problem[] {
    return [...this.files.values()].flatMap((f) => f.problems);
  }

  /** The review files that are refused until fixed, by file name. */
  get refused(): string[] {
    return [...this.files].filter(([, f]) => f.refused).map(([name]) => name);
  }

  /** Whether `undo()` has a step to undo. */
  get canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  /** Reads every file of the review folder (a missing folder is an empty review), then notifies. */
  load(): Promise<void> {
    return this.serial(async () => {
      let names: string[] = [];
      try {
        names = (await fsp.readdir(this.options.folder)).filter((n) => reviewerOfFileName(n) !== null);
      } catch (e) {
        if ((e as NodeJS.ErrnoException)?.code !== 'ENOENT') {
          this.files.set('', { decisions: EMPTY, header: undefined, problems: [this.folderProblem(e)], refused: false });
        }
      }
      const next = new Map<string, FileState>();
      for (const name of names.sort()) next.set(name, await this.read(name));
      this.files = next;
      this.fire();
    });
  }

  /**
   * Applies `change` to this reviewer's decisions on `keys` as one undoable step and writes the
   * file. Refused (nothing changed, nothing written) in an untrusted workspace and while the file
   * does not read.
   */
  decide(keys: readonly string[], change: DecisionChange): Promise<WriteResult> {
    const file = reviewFileName(this.reviewer);
    return this.serial(() =>
      this.change(file, (state) => {
        const stepped = setDecisions(state, keys, change, this.now());
        return { state: stepped.state, record: stepped.undo };
      }),
    );
  }

  /**
   * Corrects a paper's hardware or claims in this reviewer's file (see `correctionChange`) as one
   * undoable step, computed on the file as it is on disk now. Refused like `decide`.
   */
  correct(key: string, action: CorrectionAction): Promise<WriteResult> {
    const file = reviewFileName(this.reviewer);
    return this.serial(() =>
      this.change(file, (state) => {
        const stepped = setDecisions(state, [key], correctionChange(correctionsOf(state.get(key)), action), this.now());
        return { state: stepped.state, record: stepped.undo };
      }),
    );
  }

  /** Records the final decision of a conflict in `_resolved.jsonl`, resolved by this reviewer, as one undoable step. */
  resolve(key: string, change: DecisionChange): Promise<WriteResult> {
    return this.serial(() =>
      this.change(RESOLUTIONS_FILE, (state) => {
        const stepped = resolveConflict(state, key, change, this.reviewer, this.now());
        return { state: stepped.state, record: stepped.undo };
      }),
    );
  }

  /** Undoes the last step of this window (a decision or a resolution); the step stays undoable if the write is refused. */
  undo(): Promise<WriteResult> {
    return this.serial(async () => {
      const last = this.undoStack.at(-1);
      if (!last) return { ok: false, message: 'Nothing to undo: no decision was made in this window.', problems: [] };
      const result = await this.change(last.file, (state) => ({ state: undoStep(state, last.record).state, record: last.record }), false);
      if (result.ok) this.undoStack.pop();
      return result;
    });
  }

  /** Forgets the undo steps (when the reviewer changes, their steps no longer apply). */
  clearUndo(): void {
    this.undoStack.length = 0;
  }

  private now(): string {
    return this.options.now?.() ?? new Date().toISOString();
  }

  private async change(file: string, apply: (state: Decisions) => { state: Decisions; record: UndoRecord }, remember = true): Promise<WriteResult> {
    const allowed = this.options.canWrite();
    if (allowed !== true) return { ok: false, message: allowed, problems: [] };
    const target = join(this.options.folder, file);
    // Unchanged since this store read or wrote it: skip the re-read (at 20,000 decisions, parsing is most of a step's time).
    const cached = this.files.get(file);
    const signature = await signatureOf(target);
    const onDisk = cached && !cached.refused && cached.signature && cached.signature === signature ? cached : await this.read(file);
    if (onDisk.refused) {
      this.files.set(file, { ...onDisk, decisions: this.files.get(file)?.decisions ?? EMPTY });
      this.fire();
      const lines = onDisk.problems.filter((p) => p.severity === 'error' && p.line > 0).map((p) => p.line);
      return {
        ok: false,
        message:
          `${file} does not read${lines.length ? ` (line${lines.length > 1 ? 's' : ''} ${lines.slice(0, 5).join(', ')})` : ''}: LitDigest writes nothing to it until it is fixed. ${onDisk.problems[0]?.message ?? ''}`.trim(),
        problems: onDisk.problems,
      };
    }
    // The step is computed on the disk's state: a decision made elsewhere since the last read is its "before".
    const { state, record } = apply(onDisk.decisions);
    const keys = changedKeys(record);
    if (!keys.length) {
      this.files.set(file, onDisk);
      this.fire();
      return { ok: true, keys };
    }
    const { mergeForWrite, serializeReviewFile } = await reviewFormat();
    const merged = mergeForWrite(onDisk.decisions, state, keys);
    if (this.options.root !== undefined && !(await realPathInside(target, [this.options.root]))) {
      return { ok: false, message: `LitDigest does not write ${target}: it leads outside the workspace folder (through a symbolic link).`, problems: [] };
    }
    try {
      await fsp.mkdir(this.options.folder, { recursive: true });
      await writeFileAtomically(target, new TextEncoder().encode(serializeReviewFile(merged.values(), onDisk.header)));
    } catch (e) {
      return { ok: false, message: `LitDigest could not write ${file}: ${e instanceof Error ? e.message : String(e)}`, problems: [] };
    }
    this.files.set(file, { ...onDisk, decisions: merged, signature: (await signatureOf(target)) ?? undefined });
    if (remember) {
      this.undoStack.push({ file, record });
      if (this.undoStack.length > UNDO_DEPTH) this.undoStack.shift();
    }
    this.fire();
    return { ok: true, keys };
  }

  /** One file read now; a missing file is an empty one, an unreadable one is refused. */
  private async read(name: string): Promise<FileState> {
    const path = join(this.options.folder, name);
    // Taken before the read: if the file changes in between, the next change sees a new signature and reads again.
    const signature = (await signatureOf(path)) ?? undefined;
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(await readUserFile(path, { maxBytes: MAX_REVIEW_BYTES }));
    } catch (e) {
      if (e instanceof UserFileError && e.kind === 'missing') return { decisions: EMPTY, header: undefined, problems: [], refused: false };
      const message = e instanceof UserFileError ? e.reason : `not UTF-8 text (${e instanceof Error ? e.message : String(e)})`;
      return {
        decisions: this.files.get(name)?.decisions ?? EMPTY,
        header: undefined,
        problems: [{ file: path, line: 0, severity: 'error', message }],
        refused: true,
      };
    }
    const { parseReviewFileSteps } = await reviewFormat();
    const parsed = await runSliced(parseReviewFileSteps(text, path, { reasons: this.options.reasons }));
    if (!parsed.ok) return { decisions: this.files.get(name)?.decisions ?? EMPTY, header: undefined, problems: parsed.problems, refused: true };
    return { decisions: parsed.file.decisions, header: parsed.file.header, problems: parsed.problems, refused: false, signature };
  }

  private folderProblem(e: unknown): Problem {
    return {
      file: this.options.folder,
      line: 0,
      severity: 'error',
      message: `the review folder cannot be read: ${e instanceof Error ? e.message : String(e)}`,
    };
  }

  private serial<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private fire(): void {
    this.version++;
    for (const listener of this.listeners) {
      try {
        listener();
      } catch {
        // A listener's failure is its own; the others still hear the change.
      }
    }
  }
}
