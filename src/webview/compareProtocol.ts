/** Messages from the Compare webview to the host, validated with zod on arrival. */
import * as z from 'zod/mini';
import { COMPARE_COLUMNS } from '../core/metrics';
import { PaperKey } from './protocol';

/** Webview → host: ready, the sort the page script applied, a row's Details or Cite, or a toolbar button. Anything else is rejected and logged. */
export const CompareMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('sort'), column: z.enum(COMPARE_COLUMNS), descending: z.boolean() }),
  z.strictObject({ type: z.literal('openDetails'), paperId: PaperKey }),
  z.strictObject({ type: z.literal('cite'), paperId: PaperKey }),
  z.strictObject({ type: z.literal('insertTable') }),
  z.strictObject({ type: z.literal('saveCsv') }),
]);
export type CompareMessage = z.infer<typeof CompareMessage>;
