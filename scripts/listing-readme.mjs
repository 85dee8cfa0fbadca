// Writes dist/README.md, the README that `npm run package` puts into the .vsix: the same text with each local
// image (media/*.png) embedded as a data: URL. VS Code's extension details page renders the README in a webview
// whose CSP allows only `img-src https: data:` and which has no base URL, so relative image paths show as broken
// images, and this project has no repository URL to make them absolute. The repository keeps plain relative paths.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const readme = readFileSync('README.md', 'utf8');
let embedded = 0;
const listing = readme.replace(/!\[([^\]]*)\]\((media\/[\w.-]+\.png)\)/g, (_match, alt, file) => {
  embedded++;
  return `![${alt}](data:image/png;base64,${readFileSync(path.join('.', file)).toString('base64')})`;
});
mkdirSync('dist', { recursive: true });
writeFileSync('dist/README.md', listing);
console.log(`[listing-readme] dist/README.md with ${embedded} embedded image(s)`);
