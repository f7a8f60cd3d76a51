/** The Markdown preview's citations: the markdown-it plugin and the CSL items it renders, required when VS Code's Markdown engine first asks for the plugin (dist/preview.js). */
export { citationsPlugin } from '../previewPlugin';
export { toCslJson } from '../core/cite';
