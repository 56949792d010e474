import { describe, expect, it } from 'vitest';
import { canTransition, nextStatuses } from './workflow.js';

describe('status workflow', () => {
  it('lets the author create drafts, submissions and (without review) publications', () => {
    expect(canTransition(null, 'draft', 'author')).toBe(true);
    expect(canTransition(null, 'returned', 'author')).toBe(false);
    expect(canTransition(null, 'draft', 'committee')).toBe(false);
  });
  it('leaves validation and return to the committee', () => {
    expect(nextStatuses('submitted', 'committee').sort()).toEqual(['published', 'returned']);
    expect(nextStatuses('submitted', 'author')).toEqual(['draft']);
  });
  it('never reopens published history, only withdraws it', () => {
    expect(nextStatuses('published', 'author')).toEqual(['withdrawn']);
    expect(canTransition('published', 'draft', 'author')).toBe(false);
    expect(nextStatuses('withdrawn', 'committee')).toEqual([]);
  });
});
