import type { Command, CommandSpec, CommandTable } from './types.js';

function toCommand(spec: CommandSpec, parent?: Command): Command {
  const name = spec.name.toLowerCase();
  const cmd: Command = {
    ...spec,
    name,
    fullName: parent ? `${parent.name}|${name}` : name,
    deniedOnDiskError: spec.flags.includes('write') || name === 'ping',
    denyOom: spec.flags.includes('denyoom'),
    noAuth: spec.flags.includes('no_auth'),
    allowedWhileLoading: spec.flags.includes('loading'),
    stats: { calls: 0, usec: 0, rejectedCalls: 0, failedCalls: 0 },
    parent,
  };
  if (spec.subcommands) {
    const children = new Map<string, Command>();
    for (const sub of spec.subcommands) {
      const child = toCommand(sub, cmd);
      if (children.has(child.name)) throw new Error(`duplicate subcommand ${cmd.name} ${child.name}`);
      children.set(child.name, child);
    }
    (cmd as { children?: Map<string, Command> }).children = children;
  }
  return cmd;
}

/** The command table: lowercased names, duplicates refused. */
export class Registry implements CommandTable {
  private readonly commands = new Map<string, Command>();
  /** Lowercase and uppercase spellings, so the common cases need no case folding. */
  private readonly byName = new Map<string, Command>();

  constructor(families: readonly (readonly CommandSpec[])[]) {
    for (const family of families) {
      for (const spec of family) {
        const cmd = toCommand(spec);
        if (this.commands.has(cmd.name)) throw new Error(`duplicate command ${cmd.name}`);
        if (!cmd.handler && !cmd.children) throw new Error(`command ${cmd.name} has no handler`);
        this.commands.set(cmd.name, cmd);
        this.byName.set(cmd.name, cmd);
        this.byName.set(cmd.name.toUpperCase(), cmd);
      }
    }
  }

  /** Exact name first (clients send lowercase or uppercase), then case-folded. */
  lookup(name: string): Command | undefined {
    return this.byName.get(name) ?? this.byName.get(name.toLowerCase());
  }

  all(): Iterable<Command> {
    return this.commands.values();
  }

  size(): number {
    return this.commands.size;
  }
}

/** A container command (CLIENT, CONFIG ...): Redis declares every one with arity -2, no flags, @slow. */
export function container(name: string, subcommands: CommandSpec[]): CommandSpec {
  return { name, arity: -2, flags: [], firstKey: 0, lastKey: 0, step: 0, categories: ['slow'], subcommands };
}
