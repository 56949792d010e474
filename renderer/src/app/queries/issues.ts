/**
 * The conflicts and refusals waiting for the person, as the screens read them. The record's type
 * is the local database's (`db/database.ts`); screens take it from here, never from `db/`.
 */
export type { Issue } from '../../db/database.js';
