import v8 from 'node:v8';
import { ConfigError, configFromEnv } from './config.js';
import { jsonLogger } from './observe/log.js';
import { startServer } from './server.js';

// V8 lets its heap grow to up to four times what stays alive before it collects; with a decade of
// plans that is hundreds of MiB of garbage held. 1.5 times keeps the server's memory near what it
// uses (bench/server-memory.ts: 100,000 documents 803 -> 501 MiB) for a little more collection work.
v8.setFlagsFromString('--heap-growing-percent=50');

const log = jsonLogger(false);
// A request must never end the service: an unexpected error is logged, and the process goes on.
process.on('unhandledRejection', (reason) => log.error('unhandled rejection', { error: reason }));
process.on('uncaughtException', (error) => log.error('uncaught exception', { error }));

try {
  const server = await startServer(configFromEnv());
  log(`Tablero is running at ${server.url}/`, {
    url: `${server.url}/`,
    gateway: `${server.couchUrl}/`,
    api: `${server.url}/api/`,
    server: server.serverId,
  });
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  log.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : 'Tablero could not start', {
    error,
  });
  process.exit(1);
}
