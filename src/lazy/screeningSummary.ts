/** The Screening Summary's counts, page, Markdown table and CSV, loaded when the summary first opens (dist/screeningSummary.js). */
export { prismaInputOf, summarizeReview } from '../core/review';
export { prismaCsv, prismaMarkdown, renderPrismaHtml } from '../webview/prisma';
export { PrismaMessage } from '../webview/prismaProtocol';
