// One mailbox: the only thing an address the service mails to may be. Mail software reads an
// address field as a list and as headers: "ana@example.edu, eve@example.org" is two recipients,
// and a CR or LF starts a header of the writer's choosing ("Bcc: ..."). zod's email check is a
// single local part, one @ and a dotted domain: no comma, space, angle bracket or line break.
import { z } from 'zod';

/** RFC 5321 allows 254 characters in a forward path; nothing longer is anyone's address. */
const MAILBOX = z.email().max(254);

export function isMailbox(text: string): boolean {
  return MAILBOX.safeParse(text).success;
}
