import { describe, expect, it } from 'vitest';
import { r2b, tempDatabase } from './process.js';

describe('the r2b token commands', () => {
  it('list tokens without their secrets, and revoke one by the id the list shows', async () => {
    const env = { DATABASE_PATH: tempDatabase() };
    const selector = (await r2b(['token', 'create', '--role', 'selector', '--label', 'Priya Shah'], env)).stdout.trim();
    const liaison = (
      await r2b(['token', 'create', '--role', 'liaison', '--department', 'CS', '--patron', 'hbrooks'], env)
    ).stdout.trim();

    const table = (await r2b(['token', 'list'], env)).stdout;
    expect(table.split('\n')[0]).toMatch(
      /^id\s+role\s+who\s+patron\s+department\s+created \(UTC\)\s+last used\s+revoked$/,
    );
    expect(table).toMatch(/^1\s+selector\s+Priya Shah\s+-\s+-\s+\S+ \S+\s+-\s+active$/m);
    expect(table).toMatch(/^2\s+liaison\s+-\s+hbrooks\s+CS\s/m);
    for (const secret of [selector, liaison]) expect(table).not.toContain(secret);

    const revoked = await r2b(['token', 'revoke', '1'], env);
    expect(revoked.stderr).toBe('revoked token 1 (selector, Priya Shah); its browser sessions are ended\n');
    const listed = JSON.parse((await r2b(['token', 'list', '--json'], env)).stdout);
    expect(listed.map((t: { id: number; revokedAt: string | null }) => [t.id, t.revokedAt !== null])).toEqual([
      [2, false],
      [1, true],
    ]);
    await expect(r2b(['token', 'revoke', '7'], env)).rejects.toMatchObject({
      code: 1,
      stderr: 'r2b: There is no token 7.\n',
    });
  });

  it('refuse an --email that is more than one address', async () => {
    const env = { DATABASE_PATH: tempDatabase() };
    const create = r2b(['token', 'create', '--role', 'patron', '--patron', 'p1', '--email', 'a@x.edu, b@y.org'], env);
    await expect(create).rejects.toMatchObject({
      code: 1,
      stderr: 'r2b: "a@x.edu, b@y.org" is not one email address.\n',
    });
    expect((await r2b(['token', 'list', '--json'], env)).stdout.trim()).toBe('[]');
  });
});
