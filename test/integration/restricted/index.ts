/** Entry point of the Restricted Mode suite: code-server starts it with workspace trust on and the workspace untrusted. */
import Mocha from 'mocha';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Runs every `*.test.js` beside this file; rejects when one fails (the same contract as ../index.ts). */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 20_000, color: true });
  const testFiles = readdirSync(__dirname).filter((name) => name.endsWith('.test.js'));
  if (testFiles.length === 0) throw new Error(`No *.test.js files in ${__dirname}: build the tests first (node esbuild.mjs --tests).`);
  for (const name of testFiles.sort()) mocha.addFile(join(__dirname, name));
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} Restricted Mode test${failures === 1 ? '' : 's'} failed.`);
}
