import { clientCommands } from './client.js';
import { commandCommands } from './command.js';
import { configCommands } from './config.js';
import { clusterCommands } from './cluster.js';
import { connectionCommands } from './connection.js';
import { expireCommands } from './expire.js';
import { functionCommands } from './function.js';
import { keyCommands } from './keys.js';
import { objectCommands } from './object.js';
import { persistenceCommands } from './persistence.js';
import { Registry } from './registry.js';
import { serverCommands } from './server.js';
import { stringLcsCommands } from './strings-lcs.js';
import { stringNumericCommands } from './strings-numeric.js';
import { stringRangeCommands } from './strings-range.js';
import { stringCommands } from './strings.js';

/** Every command family; the registry refuses a name declared twice. */
export const FAMILIES = [
  connectionCommands,
  stringCommands,
  stringNumericCommands,
  stringRangeCommands,
  stringLcsCommands,
  keyCommands,
  serverCommands,
  expireCommands,
  objectCommands,
  commandCommands,
  clientCommands,
  configCommands,
  functionCommands,
  persistenceCommands,
  clusterCommands,
];

export function createCommandTable(): Registry {
  return new Registry(FAMILIES);
}
