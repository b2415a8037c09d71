import { createCommandTable } from './index.js';

/** Every command name (with subcommands in parentheses), sorted: the README's compatibility list. */
export function commandList(): string {
  const names = [...createCommandTable().all()].map((cmd) => {
    const subs = cmd.children ? [...cmd.children.keys()].sort().map((s) => s.toUpperCase()) : [];
    return cmd.name.toUpperCase() + (subs.length ? ` (${subs.join(', ')})` : '');
  });
  return names.sort().join(', ');
}
