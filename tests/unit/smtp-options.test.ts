import { describe, expect, it } from 'vitest';
import { smtpOptions } from '../../src/services/notifications/smtp.js';

describe('the SMTP_URL', () => {
  it('gives the host, port, TLS and credentials (decoded), so the pool and timeouts are kept beside them', () => {
    expect(smtpOptions('smtp://127.0.0.1:2525')).toEqual({ host: '127.0.0.1', port: 2525, secure: false });
    expect(smtpOptions('smtps://lib%40example.edu:p%3Ass%2Fw0rd@smtp.example.edu')).toEqual({
      host: 'smtp.example.edu',
      port: 465,
      secure: true,
      auth: { user: 'lib@example.edu', pass: 'p:ss/w0rd' },
    });
    expect(smtpOptions('smtp://mail.example.edu')).toMatchObject({ port: 587, secure: false });
    expect(smtpOptions('smtp://[::1]:25')).toMatchObject({ host: '::1', port: 25 });
  });
});
