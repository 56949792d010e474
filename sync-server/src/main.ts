import { ConfigError, configFromEnv } from './config.js';
import { startServer } from './server.js';

// A request must never end the service: an unexpected error is logged, and the process goes on.
process.on('unhandledRejection', (reason) => console.error('tablero: unhandled rejection', reason));
process.on('uncaughtException', (error) => console.error('tablero: uncaught exception', error));

try {
  const server = await startServer(configFromEnv());
  console.log(
    `Tablero is running at ${server.url}/ (sync gateway at ${server.couchUrl}/, public API at ${server.url}/api/)`,
  );
  const stop = async () => {
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(error instanceof ConfigError ? `Configuration error: ${error.message}` : error);
  process.exit(1);
}
