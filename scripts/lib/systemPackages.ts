/** Checks for the Debian packages the harness needs and names the missing ones with the apt-get command that installs them. */
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** A Debian package the harness needs, how to tell it is installed, and what it is for. */
export interface SystemPackage {
  /** The Debian package name, as given to `apt-get install`. */
  name: string;
  /** What breaks without it, in words a newcomer understands. */
  neededFor: string;
  /** True when the package is installed. */
  isInstalled: () => boolean;
}

function isOnPath(command: string): boolean {
  return (process.env.PATH ?? '').split(delimiter).some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Every system package the harness knows, by Debian name. */
export const systemPackages = {
  chromium: {
    name: 'chromium',
    neededFor: 'the browser that shows the code-server workbench to the integration and UI tests',
    isInstalled: () => existsSync(chromiumPath),
  },
  ripgrep: {
    name: 'ripgrep',
    // @vscode/ripgrep downloads rg from GitHub during install, which these machines cannot reach.
    neededFor: "code-server's install (its search binary comes from Debian's rg, not a download)",
    isInstalled: () => existsSync(ripgrepPath),
  },
  'libkrb5-dev': {
    name: 'libkrb5-dev',
    neededFor: "code-server's install (VS Code's kerberos module is compiled against its headers)",
    isInstalled: () => existsSync('/usr/include/gssapi/gssapi.h'),
  },
  'build-essential': {
    name: 'build-essential',
    neededFor: "code-server's install (node-gyp compiles VS Code's native modules with make and g++)",
    isInstalled: () => isOnPath('make') && isOnPath('g++'),
  },
  python3: {
    name: 'python3',
    neededFor: "code-server's install (node-gyp runs gyp, a Python program)",
    isInstalled: () => isOnPath('python3'),
  },
  pandoc: {
    name: 'pandoc',
    neededFor: 'the unit tests that read the written BibTeX and Markdown citations back',
    isInstalled: () => isOnPath('pandoc'),
  },
  'texlive-binaries': {
    name: 'texlive-binaries',
    neededFor: "the unit tests that read the written BibTeX back with LaTeX's own bibtex",
    isInstalled: () => isOnPath('bibtex'),
  },
} satisfies Record<string, SystemPackage>;

/** The Debian names of the packages in {@link systemPackages}. */
export type SystemPackageName = keyof typeof systemPackages;

/** Where Debian's chromium package puts its launcher; playwright-core starts this binary. */
export const chromiumPath = '/usr/bin/chromium';

/** Where Debian's ripgrep package puts rg; code-server's install is given this binary. */
export const ripgrepPath = '/usr/bin/rg';

/** The packages of `names` that are not installed (empty when all are). */
export function missingSystemPackages(names: readonly SystemPackageName[]): SystemPackage[] {
  return names.map((name) => systemPackages[name]).filter((pkg) => !pkg.isInstalled());
}

/**
 * Throws an error that names each missing package, what it is for, and the one apt-get command that installs them all,
 * so a newcomer sees that instead of a failure deep inside npm or a browser launch. Returns quietly when all are there.
 */
export function requireSystemPackages(names: readonly SystemPackageName[]): void {
  const missing = missingSystemPackages(names);
  if (missing.length === 0) {
    return;
  }
  const lines = missing.map((pkg) => `  - ${pkg.name}: needed for ${pkg.neededFor}`);
  const install = `apt-get update && apt-get install -y ${missing.map((pkg) => pkg.name).join(' ')}`;
  throw new Error(`Missing system packages:\n${lines.join('\n')}\nInstall them with (as root):\n  ${install}`);
}
