/** Launches Debian's Chromium through playwright-core, headless, with everything that would reach the network turned off. */
import { Browser, chromium, Page } from 'playwright-core';
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

/**
 * A new page for code-server's workbench. code-server registers a service worker of its own (an offline cache) on the
 * origin that also serves webviews; when it wins the race with a webview's worker, the webview's script and stylesheet
 * never load (the browser console says "Found unexpected service worker controller"), and its buttons do nothing. The
 * page refuses that one registration; webviews register theirs as usual. VS Code on the desktop has no such worker.
 */
export async function newWorkbenchPage(browser: Browser, options: { viewport?: typeof viewport } = {}): Promise<Page> {
  const page = await browser.newPage(options);
  await page.addInitScript(() => {
    const workers = navigator.serviceWorker;
    if (!workers) return;
    const register = workers.register.bind(workers);
    workers.register = (url: string | URL, init?: RegistrationOptions) =>
      String(url).includes('/_static/out/browser/serviceWorker.js')
        ? Promise.reject(new Error("code-server's offline worker is off in tests"))
        : register(url, init);
  });
  return page;
}
