// `r2b report outcomes` on the demo library, whose year-old requests have been bought and
// borrowed: the figures a head of acquisitions reads at a terminal, and the same as JSON.
import { afterEach, describe, expect, it } from 'vitest';
import { r2b, type ServerProcess, startServer, tempDatabase } from './process.js';

describe('the r2b report outcomes command', () => {
  let server: ServerProcess | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  it("prints the demo library's outcomes, by department, and the same figures as JSON", async () => {
    const env = { DATABASE_PATH: tempDatabase() };
    server = await startServer(['--demo'], env);
    await server.stop();
    server = undefined;

    const text = (await r2b(['report', 'outcomes'], env)).stdout;
    // Four books bought on request over a year ago, their loans counted from the month each
    // reached the shelf: Effective Java 10 in its first twelve months, Thinking, Fast and Slow
    // 7, TAOCP 2, Eloquent JavaScript none: 19 loans, 4.75 a title.
    expect(text).toContain('use in the first 12 months: 4.8 loans a title over 4 titles, 25% never borrowed');
    expect(text).toContain('Outside the scope of the collection 1');
    // Three of the four who answered the message's question said it was what they needed.
    expect(text).toContain('requesters said it was what they needed: 3 yes, 1 no');
    expect(text).toMatch(/^CS +\d+ +2 /m);

    const json = JSON.parse((await r2b(['report', 'outcomes', '--json', '--department', 'ECON'], env)).stdout);
    expect(json).toMatchObject({ department: 'ECON', summary: { filled: 1, notFilled: { out_of_scope: 1 } } });
    expect(json.titles).toEqual([expect.objectContaining({ isbn13: '9780374275631', loans12m: 7 })]);

    await expect(r2b(['report', 'outcomes', '--from', '2026-13-01'], env)).rejects.toMatchObject({
      stderr: expect.stringContaining('--from: A day is written YYYY-MM-DD, such as 2026-09-01.'),
    });
  });
});
