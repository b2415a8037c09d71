// Rewrites the README's <!-- commands --> block from the command table (after `npm run build`):
//   node scripts/readme-commands.mjs
import { readFileSync, writeFileSync } from 'node:fs';
import { commandList } from '../dist/commands/list.js';

const url = new URL('../README.md', import.meta.url);
const readme = readFileSync(url, 'utf8');
writeFileSync(url, readme.replace(/(<!-- commands -->\n)[\s\S]*?(\n<!-- \/commands -->)/, `$1${commandList()}$2`));
