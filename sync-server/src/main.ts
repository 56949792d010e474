import { ConfigError, configFromEnv } from './config.js';
import { startServer } from './server.js';

try {
  const server = await startServer(configFromEnv());
  console.log(
    `Tablero is running at ${server.url}/ (CouchDB API at ${server.couchUrl}/, public API at ${server.url}/api/)`,
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
