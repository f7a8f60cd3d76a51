/** `npm start`: serves VS Code (code-server, loopback only) with LitDigest running from this checkout on a copy of the sample workspace, rebuilding on change, until Ctrl-C. */
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CodeServer, startCodeServer, workbenchUrl } from './lib/codeServer';
import { GroupedProcess, spawnGroup } from './lib/processes';
import { cacheDir, repoRoot, sampleWorkspaceDir } from './lib/repo';

/** The port `npm start` asks for first, so the URL stays the same between runs; `--port N` or LITDIGEST_PORT changes it. */
const preferredPort = Number(argValue('--port') ?? process.env.LITDIGEST_PORT ?? 8080);

function argValue(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

// Settings and window layout persist between runs here; the workspace is copied afresh each run.
const startDir = join(cacheDir, 'start');
const workspace = join(startDir, 'workspace');

async function main(): Promise<void> {
  rmSync(workspace, { recursive: true, force: true });
  cpSync(sampleWorkspaceDir, workspace, { recursive: true });

  const folders = { userDataDir: join(startDir, 'user-data'), extensionsDir: join(startDir, 'extensions'), workspace };
  let server: CodeServer;
  try {
    server = await startCodeServer({ ...folders, port: preferredPort });
  } catch (error) {
    if (!/EADDRINUSE/.test(String(error))) {
      throw error;
    }
    console.error(`start: port ${preferredPort} is taken; using a free one instead.`);
    server = await startCodeServer({ ...folders, port: 0 });
  }
  // esbuild --watch rebuilds dist/ on every save; "Developer: Reload Window" in the browser picks the change up.
  const watcher: GroupedProcess = spawnGroup(process.execPath, [join(repoRoot, 'esbuild.mjs'), '--watch'], { cwd: repoRoot });
  watcher.child.stderr?.pipe(process.stderr);

  let stopping = false;
  const stop = async (exitCode: number) => {
    if (stopping) {
      return;
    }
    stopping = true;
    console.log('\nstart: stopping code-server and the esbuild watcher…');
    await Promise.all([server.stop(), watcher.stop()]);
    process.exit(exitCode);
  };
  process.on('SIGINT', () => void stop(0));
  process.on('SIGTERM', () => void stop(0));
  watcher.child.once('exit', () => void stop(1));
  void server.exited.then(() => {
    if (!stopping) {
      console.error(`start: code-server stopped on its own; its log:\n${server.output()}`);
      void stop(1);
    }
  });

  const url = workbenchUrl(server, { folder: workspace, extensionDevelopmentPath: repoRoot });
  console.log(
    [
      '',
      'LitDigest is running in VS Code (code-server, listening on 127.0.0.1 only). Open this URL in a browser:',
      '',
      `  ${url}`,
      '',
      `Workspace: ${workspace} (a fresh copy of test/workspace each start)`,
      'Edits to src/ rebuild dist/ automatically; run "Developer: Reload Window" in VS Code to load them.',
      `From another machine, forward the port first: ssh -L ${server.port}:127.0.0.1:${server.port} <this host>`,
      'Press Ctrl-C to stop.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  console.error(`start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
