import { connectionCommands } from './connection.js';
import { expireCommands } from './expire.js';
import { keyCommands } from './keys.js';
import { objectCommands } from './object.js';
import { persistenceCommands } from './persistence.js';
import { Registry } from './registry.js';
import { serverCommands } from './server.js';
import { stringCommands } from './strings.js';

/** Every command family; the registry refuses a name declared twice. */
export const FAMILIES = [connectionCommands, stringCommands, keyCommands, serverCommands, expireCommands, objectCommands, persistenceCommands];

export function createCommandTable(): Registry {
  return new Registry(FAMILIES);
}
