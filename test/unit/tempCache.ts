/** Test helper: an environment for the CLI whose cache folder is a fresh temporary one, so tests never write the user's cache. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `{ LITDIGEST_CACHE }` naming a new empty temporary folder: pass it as `main`'s `env` or a spawned CLI's environment. */
export function tempCacheEnv(): { LITDIGEST_CACHE: string } {
  return { LITDIGEST_CACHE: mkdtempSync(join(tmpdir(), 'litdigest-cli-cache-')) };
}
