/** Text normalisation shared by merging, keys and search. */

/**
 * The identity of a title: Unicode-compatible lower case, with every run of
 * characters that are not letters or digits folded to one space.
 * Two sightings with the same identity are the same paper.
 */
export function titleIdentity(title: string): string {
  let identity = identities.get(title);
  if (identity === undefined) {
    // Plain ASCII (nearly every title) needs no Unicode normalisation, which is the slow part.
    // In ASCII the letters and digits are [a-z0-9]: a regex without the Unicode flag, several times faster.
    identity = ASCII.test(title)
      ? title
          .toLowerCase()
          .replace(/[^a-z0-9]+/g, ' ')
          .trim()
      : title
          .normalize('NFKC')
          .toLowerCase()
          .replace(/[^\p{L}\p{N}]+/gu, ' ')
          .trim();
    if (identities.size >= IDENTITIES_KEPT) identities.clear();
    identities.set(title, identity);
  }
  return identity;
}

// A build asks for the identity of each title four or five times (grouping, joining, keys, placing).
const identities = new Map<string, string>();
const IDENTITIES_KEPT = 200_000;

// eslint-disable-next-line no-control-regex -- the whole ASCII range, NUL included, is the point
const ASCII = /^[\x00-\x7f]*$/;

/** Latin letters with their accents removed; other characters unchanged. */
export function foldAccents(text: string): string {
  return ASCII.test(text) ? text : text.normalize('NFKD').replace(/\p{M}+/gu, '');
}

/** Collapses every run of white space to one space and trims. */
export function squeezeSpace(text: string): string {
  // Most text is already squeezed: a scan of its characters costs a fraction of rewriting every abstract.
  return squeezable(text) ? text.replace(/\s+/g, ' ').trim() : text.trim();
}

/** Whether `text` has a run of white space, or white space other than a plain space (what `\s` matches). */
function squeezable(text: string): boolean {
  let space = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (space) return true;
      space = true;
    } else if (c < 32 || c > 126) {
      // Control characters and everything past ASCII: let the regex decide what is white space.
      if (
        (c >= 9 && c <= 13) ||
        c === 0xa0 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0x3000 ||
        c === 0xfeff
      )
        return true;
      space = false;
    } else space = false;
  }
  return false;
}

/** 32-bit FNV-1a hash of the UTF-16 code units of `text`: small, fast and the same on every platform. */
export function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
