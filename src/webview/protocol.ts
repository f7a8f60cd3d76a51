/** Messages between the details webview and the extension host, validated with zod on arrival. */
import { z } from 'zod';

/** Links the host will open: http and https only, never `javascript:`, `command:`, `file:` or `vscode:`. */
export const HttpUrl = z.string().max(2048).refine((value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}, 'only http and https links are opened');

const PaperKey = z.string().regex(/^[a-z0-9][a-z0-9-]{0,80}$/, 'not a citation key');

/** Webview → host. Anything else the page posts is rejected and logged. */
export const WebviewMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }).strict(),
  z.object({ type: z.literal('insertCitation'), paperId: PaperKey }).strict(),
  z.object({ type: z.literal('insertClaim'), paperId: PaperKey, claimIndex: z.number().int().min(0).max(10_000) }).strict(),
  z.object({ type: z.literal('copyBibtex'), paperId: PaperKey }).strict(),
  z.object({ type: z.literal('openLink'), url: HttpUrl }).strict(),
]);
export type WebviewMessage = z.infer<typeof WebviewMessage>;
