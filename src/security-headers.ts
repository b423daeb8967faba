// The headers every HTML document the service sends carries, the pages and the API's digest
// preview alike: a document holding what patrons and selectors wrote must not run anyone's
// script, be framed by another site, or be sniffed into something else.
import { secureHeaders } from 'hono/secure-headers';

/** Covers come from the metadata providers; everything else from this server. */
const IMAGE_SOURCES = [
  "'self'",
  'data:',
  'https://covers.openlibrary.org',
  'https://books.google.com',
  'https://books.googleusercontent.com',
];

export const documentHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'"],
    // The charts size their bars with style attributes, and mail is styled inline; scripts stay
    // strictly our own.
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: IMAGE_SOURCES,
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'self'"],
    objectSrc: ["'none'"],
  },
  referrerPolicy: 'same-origin',
  // Only meaningful over https, where browsers heed it.
  strictTransportSecurity: 'max-age=31536000; includeSubDomains',
});
