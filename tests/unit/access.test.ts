import { describe, expect, it } from 'vitest';
import {
  mayFor,
  may,
  POLICY,
  reachOf,
  rolesFor,
  ROLES,
  speaksForDepartment,
  speaksForPatron,
} from '../../src/domain/access.js';

describe('the access policy', () => {
  it('lets selectors and admins decide on a title, and nobody else', () => {
    expect(rolesFor('decide')).toEqual(['selector', 'admin']);
  });

  it('lets a liaison read the titles, the buy list and the digest, but only their own department’s', () => {
    for (const action of ['readTitles', 'readBuylist', 'readDigest', 'readDepartment', 'readSuggestions'] as const)
      expect(reachOf('liaison', action), action).toBe('department');
    expect(may('liaison', 'decide')).toBe(false);
    expect(may('liaison', 'allocate')).toBe(false);
  });

  it('shows the outcomes of requests to those who buy, and a liaison their own department’s, never a patron', () => {
    expect(rolesFor('readOutcomes')).toEqual(['selector', 'liaison', 'admin']);
    expect(reachOf('liaison', 'readOutcomes')).toBe('department');
    expect(reachOf('selector', 'readOutcomes')).toBe('library');
  });

  it('shows a liaison one department page: their own', () => {
    const cs = { role: 'liaison' as const, departmentCode: 'CS' };
    expect(mayFor(cs, 'readDepartment', 'CS')).toBe(true);
    expect(mayFor(cs, 'readDepartment', 'HIST')).toBe(false);
    expect(mayFor({ role: 'selector', departmentCode: null }, 'readDepartment', 'HIST')).toBe(true);
  });

  it('keeps a department’s digest to its liaison and the admins: a selector reads the page, not the mail', () => {
    expect(mayFor({ role: 'selector', departmentCode: null }, 'readDigest', 'CS')).toBe(false);
    expect(mayFor({ role: 'admin', departmentCode: null }, 'readDigest', 'CS')).toBe(true);
    expect(mayFor({ role: 'liaison', departmentCode: 'HIST' }, 'readDigest', 'CS')).toBe(false);
  });

  it('shows a patron their own requests and nothing of the library’s work', () => {
    expect(reachOf('patron', 'readSuggestions')).toBe('self');
    const theirs = (Object.keys(POLICY) as (keyof typeof POLICY)[]).filter((action) => may('patron', action));
    // Beyond reading: changing or withdrawing their own, never anyone else's.
    expect(theirs).toEqual(['readSuggestions', 'amendOwnSuggestion']);
    expect(reachOf('patron', 'amendOwnSuggestion')).toBe('self');
  });

  it('shows requesters’ names and addresses to selectors and admins, not to liaisons', () => {
    expect(rolesFor('seeRequesters')).toEqual(['selector', 'admin']);
  });

  it('keeps imports, tokens, the outbox, the purge and the metrics to admins', () => {
    for (const action of ['import', 'manageTokens', 'outbox', 'purge', 'readMetrics'] as const)
      expect(rolesFor(action), action).toEqual(['admin']);
  });

  it('lets a liaison, not a student, say a request is for a course (faculty are let by category)', () => {
    expect(rolesFor('requestForCourse')).toEqual(['liaison']);
  });

  it('asks a liaison token for its department and a patron token for its patron', () => {
    expect(ROLES.filter(speaksForDepartment)).toEqual(['liaison']);
    expect(ROLES.filter(speaksForPatron)).toEqual(['patron']);
  });
});
