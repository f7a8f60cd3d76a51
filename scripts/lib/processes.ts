/** Runs child commands and stops the process groups the harness starts, so nothing it launched outlives it. */
import { ChildProcess, spawn, SpawnOptions } from 'node:child_process';

/** What a finished command printed and how it ended. */
export interface CommandResult {
  /** Exit code; null when a signal ended it. */
  code: number | null;
  /** stdout and stderr interleaved, as a person would have seen them. */
  output: string;
}

/**
 * Runs `command args…` to completion with stdin closed (so nothing waits on a prompt) and resolves with its output.
 * Never rejects on a non-zero exit: the caller decides what a failure means.
 */
export function runCommand(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

/** A long-running child started in a process group of its own, so stopping it also stops everything it spawned. */
export interface GroupedProcess {
  child: ChildProcess;
  /** SIGTERM to the whole group, then SIGKILL after `graceMs`; resolves once the leader has exited. Safe to call twice. */
  stop: (graceMs?: number) => Promise<void>;
}

/** The group leaders still running, killed synchronously if this process exits without stopping them. */
const runningGroups = new Set<number>();

process.on('exit', () => {
  for (const pid of runningGroups) {
    signalGroup(pid, 'SIGKILL');
  }
});

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    // A negative pid addresses the process group whose leader is `pid` (detached: true made it one).
    process.kill(-pid, signal);
  } catch {
    // The group is already gone.
  }
}

/** Starts `command args…` as the leader of a new process group (stdin closed, stdout/stderr piped to the caller). */
export function spawnGroup(command: string, args: readonly string[], options: SpawnOptions = {}): GroupedProcess {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid;
  if (pid === undefined) {
    throw new Error(`Could not start ${command}`);
  }
  runningGroups.add(pid);
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) {
      resolve();
    } else {
      child.once('exit', () => resolve());
    }
  });
  const stop = async (graceMs = 5000) => {
    if (!runningGroups.has(pid)) {
      return exited;
    }
    signalGroup(pid, 'SIGTERM');
    let killTimer: NodeJS.Timeout | undefined;
    const killed = new Promise<void>((resolve) => {
      killTimer = setTimeout(() => {
        signalGroup(pid, 'SIGKILL');
        resolve();
      }, graceMs);
    });
    await Promise.race([exited, killed]);
    clearTimeout(killTimer);
    // Children that ignored SIGTERM (an extension host mid-shutdown) go now, with their leader.
    signalGroup(pid, 'SIGKILL');
    runningGroups.delete(pid);
    await exited;
  };
  return { child, stop };
}

/**
 * Resolves with `promise`'s value, or rejects with `message` after `ms` milliseconds.
 * The timer is always cleared, so a settled wait never keeps Node alive.
 */
export async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
