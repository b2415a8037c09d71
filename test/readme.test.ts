import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCommandTable } from '../src/commands/index.js';

/** The README's command list, as the command table would write it. */
function commandList(): string {
  const names = [...createCommandTable().all()].map((cmd) => {
    const subs = cmd.children ? [...cmd.children.keys()].sort().map((s) => s.toUpperCase()) : [];
    return cmd.name.toUpperCase() + (subs.length ? ` (${subs.join(', ')})` : '');
  });
  return names.sort().join(', ');
}

describe('README', () => {
  it('lists exactly the commands in the command table', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const block = /<!-- commands -->\n([\s\S]*?)\n<!-- \/commands -->/.exec(readme);
    expect(block, 'README.md has a <!-- commands --> block').not.toBeNull();
    expect(block![1], 'replace the README block with this line').toBe(commandList());
  });
});
