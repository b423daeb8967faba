// What every way of sending mail shares (the Mailer it implements is in context.ts): Node hands
// mail to an SMTP server with nodemailer; the Workers build, which cannot speak SMTP, hands it
// to an HTTP mail relay.

/** `<hash@host>`: one Message-ID per dedupe key, so mail clients fold a rare resend into one. */
export async function messageIdFor(dedupeKey: string, baseUrl: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(dedupeKey));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `<${hex.slice(0, 40)}@${new URL(baseUrl).hostname}>`;
}
