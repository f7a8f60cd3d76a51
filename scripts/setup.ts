/** `npm run setup`: checks the system packages the tests need and installs code-server into the cache, so later steps fail early and clearly or not at all. */
import { codeServerDir, codeServerInstallPackages, codeServerVersion, ensureCodeServer, isCodeServerInstalled } from './lib/codeServer';
import { requireSystemPackages, SystemPackageName } from './lib/systemPackages';

async function main(): Promise<void> {
  const needed: SystemPackageName[] = ['chromium', 'pandoc', 'texlive-binaries'];
  requireSystemPackages(isCodeServerInstalled() ? needed : [...needed, ...codeServerInstallPackages]);
  const started = Date.now();
  const wasInstalled = isCodeServerInstalled();
  await ensureCodeServer();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    `setup: system packages present; code-server ${codeServerVersion} ${wasInstalled ? 'reused from' : `installed in ${seconds} s into`} ${codeServerDir}`,
  );
}

main().catch((error: unknown) => {
  console.error(`setup: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
