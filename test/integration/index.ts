/** Entry point VS Code's extension host loads for the integration suite: runs every `*.test.js` beside it with mocha and rejects when one fails. */
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The contract both launchers share (`@vscode/test-electron`'s `extensionTestsPath` and code-server's payload):
 * VS Code requires this module inside the extension host and awaits `run()`; a rejection makes the run exit 1.
 */
export async function run(): Promise<void> {
  // Extension-host tests wait on real file I/O and activation, which takes longer than mocha's 2 s default.
  // LITDIGEST_TEST_GREP runs only the tests whose titles match it (code-server passes its environment on), for debugging one test.
  const mocha = new Mocha({ ui: 'bdd', timeout: 20_000, color: true, grep: process.env.LITDIGEST_TEST_GREP || undefined });
  const testFiles = readdirSync(__dirname)
    .filter((name) => name.endsWith('.test.js'))
    .sort();
  if (testFiles.length === 0) {
    throw new Error(`No *.test.js files in ${__dirname}: build the tests first (node esbuild.mjs --tests).`);
  }
  for (const name of testFiles) {
    mocha.addFile(join(__dirname, name));
  }
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) {
    throw new Error(`${failures} integration test${failures === 1 ? '' : 's'} failed.`);
  }
}
