/** openReviews: the workspace's ReviewStore with its reviewer and reasons from the settings, trust checked before each write, and files re-read when they change on disk. */
import { spawnSync } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import { userInfo } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { REVIEW_FOLDER } from './core/reviewNames';
import { readConfig } from './config';
import { ReviewStore, reviewerFileStem } from './reviewStore';
import type { DigestStore } from './store';

/** Re-read this long after the last change on disk: a `git pull` touching several files costs one read. */
const REREAD_DELAY_MS = 150;
/** How often the reviewer files are compared with what was last seen, in case the watcher missed a change. */
const POLL_MS = 1000;

/** The reviewer files of `dir` as names, sizes, mtimes and inodes: any change by any program changes it. */
async function folderFingerprint(dir: string): Promise<string> {
  try {
    const names = (await fsp.readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort();
    const parts = await Promise.all(
      names.map((n) =>
        fsp.stat(path.join(dir, n)).then(
          (s) => `${n} ${s.size} ${s.mtimeMs} ${s.ino}`,
          () => `${n} gone`,
        ),
      ),
    );
    return parts.join('\n');
  } catch {
    return 'no folder';
  }
}

/** git's `user.name` in `cwd`, else the login name, else `reviewer`; always a file-name-safe stem. */
function defaultReviewer(cwd: string | undefined): string {
  let name = '';
  try {
    const git = spawnSync('git', ['config', 'user.name'], { cwd, encoding: 'utf8', timeout: 2000 });
    if (git.status === 0) name = git.stdout.trim();
  } catch {
    // No git: the login name will do.
  }
  if (!reviewerFileStem(name)) {
    try {
      name = userInfo().username;
    } catch {
      name = '';
    }
  }
  return reviewerFileStem(name) ?? 'reviewer';
}

function firstFolder(): vscode.WorkspaceFolder | undefined {
  return (vscode.workspace.workspaceFolders ?? []).find((f) => f.uri.scheme === 'file');
}

/** The reviewer and reasons the settings give now, for `folder`. */
function settings(folder: vscode.WorkspaceFolder | undefined, log: (m: string) => void): { reviewer: string; reasons: string[] } {
  const { config } = readConfig(folder?.uri ?? null);
  let reviewer = config.reviewer.trim() ? reviewerFileStem(config.reviewer) : null;
  if (config.reviewer.trim() && !reviewer) log(`litdigest.reviewer "${config.reviewer}" has no letters or digits to name a file with; using git's user.name`);
  reviewer ??= defaultReviewer(folder?.uri.fsPath);
  return { reviewer, reasons: config.exclusionReasons };
}

/**
 * Opens the review of the first workspace folder (`.litdigest/review/`), reads it, and keeps it
 * current: files changed outside (another window, a `git pull`, a hand edit) are re-read within
 * a second, settings changes re-read the reviewer and reasons. Problems go to the LitDigest output
 * channel; a file refused for the first time also gets a warning that names it and its lines.
 */
export function openReviews(context: vscode.ExtensionContext, store: DigestStore): ReviewStore {
  const folder = firstFolder();
  const log = (m: string) => store.log(m);
  const reviews = new ReviewStore({
    folder: folder ? path.join(folder.uri.fsPath, ...REVIEW_FOLDER.split('/')) : '',
    root: folder?.uri.fsPath,
    ...settings(folder, log),
    canWrite: () => {
      if (!folder) return 'Screening decisions are kept in the workspace: open a folder to record them.';
      if (!vscode.workspace.isTrusted) return 'LitDigest does not write review files in an untrusted workspace: trust the folder to record decisions.';
      return true;
    },
  });
  let reported = new Set<string>();
  let shownWarnings = '';
  context.subscriptions.push(
    reviews.onDidChange(() => {
      const problems = reviews.problems;
      const text = problems.map((p) => `${p.file}${p.line ? `:${p.line}` : ''}: ${p.severity}: ${p.message}`);
      const now = new Set(text);
      for (const line of text) if (!reported.has(line)) log(line);
      reported = now;
      const refused = reviews.refused.join(', ');
      if (refused && refused !== shownWarnings) {
        const lines = problems.filter((p) => p.severity === 'error' && p.line > 0).map((p) => p.line);
        void vscode.window
          .showWarningMessage(
            `LitDigest cannot read ${refused}${lines.length ? ` (line ${lines.slice(0, 5).join(', ')})` : ''}: it keeps the decisions it read before and writes nothing there until the file is fixed.`,
            'Show Problems',
          )
          .then((choice) => {
            if (choice) store.output.show(true);
          });
      }
      shownWarnings = refused;
    }),
  );
  if (folder) {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, `${REVIEW_FOLDER}/*.jsonl`));
    let timer: ReturnType<typeof setTimeout> | undefined;
    const reread = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void reviews.load(), REREAD_DELAY_MS);
    };
    // The watcher can miss an event (seen in code-server when the folder is removed and made again): the folder's
    // names, sizes and mtimes are also compared every second, a few stat calls.
    const dir = path.join(folder.uri.fsPath, REVIEW_FOLDER);
    let last: string | undefined;
    const poll = setInterval(() => {
      void folderFingerprint(dir).then((now) => {
        if (last !== undefined && now !== last) reread();
        last = now;
      });
    }, POLL_MS);
    context.subscriptions.push(watcher, watcher.onDidChange(reread), watcher.onDidCreate(reread), watcher.onDidDelete(reread), {
      dispose: () => {
        clearTimeout(timer);
        clearInterval(poll);
      },
    });
  }
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration('litdigest.reviewer') && !e.affectsConfiguration('litdigest.exclusionReasons')) return;
      const next = settings(folder, log);
      if (next.reviewer !== reviews.reviewer) reviews.clearUndo();
      reviews.configure(next);
      void reviews.load();
    }),
  );
  void reviews.load();
  return reviews;
}
