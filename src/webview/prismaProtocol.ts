/** Messages from the Screening Summary webview to the host, validated with zod on arrival. */
import * as z from 'zod/mini';

/** Webview → host: the page is ready, or a button asks for the table. Anything else is rejected and logged. */
export const PrismaMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('copyMarkdown') }),
  z.strictObject({ type: z.literal('saveCsv') }),
]);
export type PrismaMessage = z.infer<typeof PrismaMessage>;
