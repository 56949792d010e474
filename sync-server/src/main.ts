import { ConfigError, configFromEnv } from './config.js';
import { jsonLogger } from './observe/log.js';
import { startServer } from './server.js';

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
