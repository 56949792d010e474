import type { Issue } from '../../db/database.js';
import type { Query } from './query';

/**
 * The conflicts and refusals waiting for the person. The record's type is the local database's
 * (`db/database.ts`); screens take it from here, never from `db/`.
 */
export type { Issue };

export const issuesWaiting = (): Query<Issue> => ({ from: 'issues', selector: {} });
