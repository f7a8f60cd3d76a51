/** The paper details page's rendering and its related-papers index, loaded when the first details page opens (dist/details.js). */
export { renderDetailsHtml, safeHttpUrl } from '../webview/html';
export { RelatedIndex } from '../core/related';
// The page's messages are checked here, with the page: their schemas are not needed before it opens.
export { WebviewMessage } from '../webview/protocol';
