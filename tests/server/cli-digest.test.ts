import { describe, expect, it } from 'vitest';
import { r2b, tempDatabase } from './process.js';

const departments = new URL('../../fixtures/demo/departments.csv', import.meta.url).pathname;

describe('the r2b digest command', () => {
  it('prints a department digest without sending it, queues none for quiet departments, and names an unknown one', async () => {
    const env = { DATABASE_PATH: tempDatabase() };
    await r2b(['import', 'departments', departments], env);

    const dry = await r2b(['digest', '--department', 'CS', '--dry-run'], env);
    expect(dry.stdout).toContain('To: h.brooks@demo.example.edu  [quiet: would not be sent]');
    expect(dry.stdout).toMatch(/Computer Science: library suggestions, \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d/);
    expect(dry.stdout).toContain('$300.00 in all; $0.00 committed; $300.00 remaining.');

    const queued = await r2b(['digest'], env);
    expect(queued.stderr).toContain('queued 0 digests; 13 departments had nothing new');

    await expect(r2b(['digest', '--department', 'NOPE', '--dry-run'], env)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('NOPE'),
    });
  });
});
