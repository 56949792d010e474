import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';

describe('Backoff', () => {
  it('doubles each wait up to the maximum and starts again after a reset', () => {
    const backoff = new Backoff(1000, 5000);
    expect([backoff.next(), backoff.next(), backoff.next(), backoff.next()]).toEqual([1000, 2000, 4000, 5000]);
    backoff.reset();
    expect(backoff.next()).toBe(1000);
  });
});
