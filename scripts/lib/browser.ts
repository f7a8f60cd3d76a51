/** Launches Debian's Chromium through playwright-core, headless, with everything that would reach the network turned off. */
import { Browser, chromium } from 'playwright-core';
import { chromiumPath, requireSystemPackages } from './systemPackages';

/** The window size every test gets, so screenshots of one step look the same from run to run. */
export const viewport = { width: 1280, height: 800 };

/** Starts a headless Chromium; the caller must `close()` it in a `finally`. */
export async function launchChromium(): Promise<Browser> {
  requireSystemPackages(['chromium']);
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      // CI runs as root, where Chromium's sandbox cannot start.
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
