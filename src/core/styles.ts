/** The CSL styles and locales LitDigest ships in media/csl/, by the names the settings and the CLI use (data only). */

/** Shipped style name → its file in `media/csl/` (from the CSL styles repository, CC BY-SA 3.0). */
export const SHIPPED_STYLES = {
  apa: 'apa.csl',
  ieee: 'ieee.csl',
  'chicago-author-date': 'chicago-author-date.csl',
  acm: 'association-for-computing-machinery.csl',
} as const;

/** A shipped style's name. */
export type ShippedStyle = keyof typeof SHIPPED_STYLES;

/** The style used when the setting names none, or one that cannot be used: APA 7th edition. */
export const DEFAULT_STYLE: ShippedStyle = 'apa';

/** Shipped locales (`media/csl/locales-<lang>.xml`); en-US is also every style's fallback. */
export const SHIPPED_LOCALES = ['en-US', 'de-DE'] as const;

/** The fallback locale citeproc-js always asks for. */
export const FALLBACK_LOCALE = 'en-US';

/** Whether `value` names a shipped style (else it is a path to a `.csl` file). */
export function isShippedStyle(value: string): value is ShippedStyle {
  return Object.hasOwn(SHIPPED_STYLES, value);
}

/** The shipped locale file's name for `lang` (`locales-en-US.xml`), or null when LitDigest does not ship it. */
export function localeFile(lang: string): string | null {
  return (SHIPPED_LOCALES as readonly string[]).includes(lang) ? `locales-${lang}.xml` : null;
}
