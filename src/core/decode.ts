/** Bytes of a digest file → text, whatever encoding a copy-paste produced, or a problem saying why not. */
import type { Problem } from './model';

export type Decoded = { text: string; problems: Problem[] } | { text: null; problems: Problem[] };

/** How much of the start of a file is inspected for NUL bytes. */
const SNIFF_BYTES = 8192;

/**
 * Decodes UTF-8 (with or without BOM) and UTF-16 LE/BE (with BOM, or without one when every
 * other byte is NUL). Other bytes with NULs are a binary file: an error problem and no text.
 * Invalid UTF-8 is read as Windows-1252 with a warning, so a paste from an old editor still loads.
 */
export function decodeDigest(bytes: Uint8Array, file: string): Decoded {
  const problem = (severity: Problem['severity'], message: string): Problem => ({ file, line: 0, severity, message });
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), problems: [] };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), problems: [] };
  const sniff = bytes.subarray(0, SNIFF_BYTES);
  const nul = sniff.indexOf(0);
  if (nul !== -1) {
    const utf16 = utf16WithoutBom(sniff);
    if (utf16) return { text: new TextDecoder(utf16).decode(bytes), problems: [] };
    return { text: null, problems: [problem('error', `binary file (NUL byte at offset ${nul}); not a digest, skipped`)] };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes), problems: [] };
  } catch {
    return {
      text: new TextDecoder('windows-1252').decode(bytes),
      problems: [problem('warning', 'not valid UTF-8; read as Windows-1252 (save the file as UTF-8 to be sure of every character)')],
    };
  }
}

/** Text in UTF-16 has a NUL in every other byte, on the odd side for little-endian ASCII. */
function utf16WithoutBom(sniff: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i + 1 < sniff.length; i += 2) {
    if (sniff[i] === 0) evenNul++;
    if (sniff[i + 1] === 0) oddNul++;
  }
  const pairs = Math.floor(sniff.length / 2);
  if (oddNul > pairs * 0.9 && evenNul === 0) return 'utf-16le';
  if (evenNul > pairs * 0.9 && oddNul === 0) return 'utf-16be';
  return null;
}

/** A text file's encoding as far as LitDigest keeps it when writing the file back; `-nobom` forms had no byte-order mark. */
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'utf-16le-nobom' | 'utf-16be-nobom';

/** The encoding of a file's bytes: by byte-order mark, else UTF-16 when every other byte is NUL, else UTF-8. */
export function detectEncoding(bytes: Uint8Array): TextEncoding {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8-bom';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  const utf16 = bytes.length >= 2 ? utf16WithoutBom(bytes.subarray(0, SNIFF_BYTES)) : null;
  return utf16 ? `${utf16}-nobom` : 'utf-8';
}

/** Text of bytes in `encoding`, without the byte-order mark. Throws on invalid UTF-8 so nothing is written over bytes we cannot read. */
export function decodeText(bytes: Uint8Array, encoding: TextEncoding): string {
  switch (encoding) {
    case 'utf-8':
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    case 'utf-8-bom':
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3));
    case 'utf-16le':
      return new TextDecoder('utf-16le').decode(bytes.subarray(2));
    case 'utf-16be':
      return new TextDecoder('utf-16be').decode(bytes.subarray(2));
    case 'utf-16le-nobom':
      return new TextDecoder('utf-16le', { ignoreBOM: true }).decode(bytes);
    case 'utf-16be-nobom':
      return new TextDecoder('utf-16be', { ignoreBOM: true }).decode(bytes);
  }
}

/**
 * Bytes of `text` in `encoding`. With `bom` (the default) they start with the byte-order mark the encoding has;
 * text appended to an existing file is encoded without one.
 */
export function encodeText(text: string, encoding: TextEncoding, bom = true): Uint8Array {
  const mark = bom ? BOMS[encoding] : [];
  if (encoding === 'utf-8' || encoding === 'utf-8-bom') return Uint8Array.from([...mark, ...new TextEncoder().encode(text)]);
  const littleEndian = encoding.startsWith('utf-16le');
  const out = new Uint8Array(mark.length + text.length * 2);
  out.set(mark);
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    out[mark.length + 2 * i] = littleEndian ? unit & 0xff : unit >> 8;
    out[mark.length + 2 * i + 1] = littleEndian ? unit >> 8 : unit & 0xff;
  }
  return out;
}

const BOMS: Record<TextEncoding, number[]> = {
  'utf-8': [],
  'utf-8-bom': [0xef, 0xbb, 0xbf],
  'utf-16le': [0xff, 0xfe],
  'utf-16be': [0xfe, 0xff],
  'utf-16le-nobom': [],
  'utf-16be-nobom': [],
};
