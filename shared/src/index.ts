export * from './progress.js';
export * from './public.js';
export * from './rules/config.js';
export * from './rules/permissions.js';
export type { AnyDoc, RulesConfig } from './rules/validate-doc.js';
export * from './schedule.js';
export * from './schemas/index.js';
export * from './types.js';
export * from './workflow.js';
