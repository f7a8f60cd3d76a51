/** Runs the integration suite (index.ts's run()) in code-server's real extension host, driven by headless Chromium; exits with the suite's result. */
import { join } from 'node:path';
import { format } from 'node:util';
import { launchChromium, newWorkbenchPage } from '../../scripts/lib/browser';
import { startCodeServer, workbenchUrl } from '../../scripts/lib/codeServer';
import { withTimeout } from '../../scripts/lib/processes';
import { createRunFolders, repoRoot } from '../../scripts/lib/repo';

/** The whole suite must finish within this; a hung activation would otherwise hang CI. */
const suiteTimeoutMs = 5 * 60_000;

/** Lines the offline workbench logs about the unreachable marketplace (open-vsx.org): harmless, and noise here. */
const offlineMarketplaceNoise = /ENOTFOUND open-vsx\.org/;

/** Prints one forwarded workbench or extension-host console call (printf-style, as mocha's reporter writes them). */
function printWorkbenchLog(type: string, args: unknown[]): void {
  const text = format(...args);
  if (offlineMarketplaceNoise.test(text)) {
    return;
  }
  (type === 'error' || type === 'warn' ? process.stderr : process.stdout).write(text.endsWith('\n') ? text : text + '\n');
}

/** The suites: the main one in a trusted workspace, and the Restricted Mode one with workspace trust on and the folder untrusted. */
const suites = [
  { name: 'integration suite', index: join(__dirname, 'index.js'), workspaceTrust: false },
  { name: 'Restricted Mode suite', index: join(__dirname, 'restricted', 'index.js'), workspaceTrust: true },
];

async function main(): Promise<number> {
  let failed = 0;
  for (const suite of suites) failed += (await runSuite(suite)) === 0 ? 0 : 1;
  return failed === 0 ? 0 : 1;
}

async function runSuite(suite: (typeof suites)[number]): Promise<number> {
  const started = Date.now();
  const folders = createRunFolders('integration');
  const server = await startCodeServer({
    userDataDir: folders.userDataDir,
    extensionsDir: folders.extensionsDir,
    workspace: folders.workspace,
    workspaceTrust: suite.workspaceTrust,
  });
  const browser = await launchChromium().catch(async (error: unknown) => {
    await server.stop();
    throw error;
  });
  try {
    const page = await newWorkbenchPage(browser);
    let reportExit: (code: number) => void = () => {};
    const exitCode = new Promise<number>((resolve) => (reportExit = resolve));
    // VS Code's web workbench calls these globals when a payload names extensionTestsPath.
    await page.exposeFunction('codeAutomationLog', printWorkbenchLog);
    await page.exposeFunction('codeAutomationExit', (code: number) => reportExit(code));
    await page.goto(
      workbenchUrl(server, {
        folder: folders.workspace,
        extensionDevelopmentPath: repoRoot,
        extensionTestsPath: suite.index,
      }),
      // The workbench's first load compiles a lot of script: on a busy 2-core machine it can take longer than 30 s.
      { timeout: 120_000 },
    );
    const code = await withTimeout(exitCode, suiteTimeoutMs, `the ${suite.name} did not finish within ${suiteTimeoutMs / 1000} s`).catch((error: unknown) => {
      // Without an exit code the extension host likely died; code-server's own log says why.
      console.error(`code-server's log:\n${server.output()}`);
      throw error;
    });
    console.log(`${suite.name} (code-server): ${code === 0 ? 'passed' : 'FAILED'} in ${Math.round((Date.now() - started) / 1000)} s`);
    return code;
  } finally {
    await browser.close();
    await server.stop();
    folders.remove();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
