import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';

describe('the log', () => {
  it('writes one JSON line per event, at its level and above', () => {
    const lines: string[] = [];
    const log = createLogger('warn', (line) => lines.push(line));
    log.info('quiet');
    log.warn('job deliver failed', { attempts: 3 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', msg: 'job deliver failed', attempts: 3 });
  });

  it('never holds an address or a token, whatever a message quotes', () => {
    const lines: string[] = [];
    const log = createLogger('info', (line) => lines.push(line));
    log.warn('message undeliverable', {
      error: 'email: 550 5.1.1 <ana.lima@example.edu>: Recipient address rejected',
      note: 'pasted r2b_demo_patron_ana_0123456789abcdefghij into a field',
    });
    const line = lines[0]!;
    expect(line).not.toContain('ana.lima@example.edu');
    expect(line).not.toContain('r2b_demo_patron_ana_0123456789');
    expect(JSON.parse(line).error).toBe('email: 550 5.1.1 <[address]>: Recipient address rejected');
  });
});
