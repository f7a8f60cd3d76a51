/** Test helper: the shipped CSL styles and locales, read from media/csl/ (tests may use fs; the core may not). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHIPPED_STYLES, type ShippedStyle } from '../../src/core/styles';
import { repoRoot } from './seedFiles';

export const cslDir = join(repoRoot, 'media', 'csl');

/** A shipped style's XML text. */
export function shippedStyle(name: ShippedStyle): string {
  return readFileSync(join(cslDir, SHIPPED_STYLES[name]), 'utf8');
}

/** A shipped locale's XML text (en-US by default). */
export function shippedLocale(lang = 'en-US'): string {
  return readFileSync(join(cslDir, `locales-${lang}.xml`), 'utf8');
}
