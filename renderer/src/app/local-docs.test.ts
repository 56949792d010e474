import { describe, expect, it } from 'vitest';
import { creationTime, today } from './local-docs';

describe('a draft saved again after its clock was put right', () => {
  const ahead = new Date(Date.now() + 30 * 3600_000).toISOString();

  it('takes the time of this save when the server never accepted it, so it is not refused again', () => {
    const stamped = creationTime({ createdAt: ahead });
    expect(stamped < ahead).toBe(true);
    expect(Math.abs(Date.parse(stamped) - Date.now())).toBeLessThan(5000);
  });

  it('keeps its time once the server holds it (a creation time never changes there), and a past one always', () => {
    expect(creationTime({ createdAt: ahead, couchRev: '1-abc' })).toBe(ahead);
    expect(creationTime({ createdAt: '2024-01-01T00:00:00.000Z' })).toBe('2024-01-01T00:00:00.000Z');
  });
});

describe("the device's today", () => {
  it('is its calendar day, not UTC’s', () => {
    const local = new Date();
    const expected = `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`;
    expect(today()).toBe(expected);
  });
});
