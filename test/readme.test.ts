import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandList } from '../src/commands/list.js';

describe('README', () => {
  it('lists exactly the commands in the command table', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const block = /<!-- commands -->\n([\s\S]*?)\n<!-- \/commands -->/.exec(readme);
    expect(block, 'README.md has a <!-- commands --> block').not.toBeNull();
    expect(block![1], 'run: npm run build && node scripts/readme-commands.mjs').toBe(commandList());
  });
});
