/** Messages between the details webview and the extension host, validated with zod on arrival. */
import * as z from 'zod/mini';

/** Links the host will open: http and https only, never `javascript:`, `command:`, `file:` or `vscode:`. */
export const HttpUrl = z.string().check(
  z.maxLength(2048),
  z.refine((value) => {
    try {
      const url = new URL(value);
      return url.protocol === 'http:' || url.protocol === 'https:';
    } catch {
      return false;
    }
  }, 'only http and https links are opened'),
);

/** A paper's citation key as a page may send it. */
export const PaperKey = z.string().check(z.regex(/^[a-z0-9][a-z0-9-]{0,80}$/, 'not a citation key'));

/** Webview → host. Anything else the page posts is rejected and logged. */
export const WebviewMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('insertCitation'), paperId: PaperKey }),
  z.strictObject({ type: z.literal('openDetails'), paperId: PaperKey }),
  z.strictObject({ type: z.literal('insertClaim'), paperId: PaperKey, claimIndex: z.int().check(z.gte(0), z.lte(10_000)) }),
  z.strictObject({ type: z.literal('copyBibtex'), paperId: PaperKey }),
  // Copy the formatted reference (in the citation style) that the page shows.
  z.strictObject({ type: z.literal('copyReference'), paperId: PaperKey }),
  z.strictObject({ type: z.literal('openLink'), url: HttpUrl }),
  z.strictObject({ type: z.literal('decide'), paperId: PaperKey, status: z.enum(['included', 'excluded', 'maybe', 'unscreened']) }),
  z.strictObject({ type: z.literal('editTags'), paperId: PaperKey }),
  z.strictObject({ type: z.literal('editNote'), paperId: PaperKey }),
  z.strictObject({ type: z.literal('correct'), paperId: PaperKey }),
]);
export type WebviewMessage = z.infer<typeof WebviewMessage>;
