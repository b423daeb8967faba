// A real SMTP server on 127.0.0.1 (the smtp-server package) that keeps what it receives,
// parsed (mailparser), and can be stopped and started again on the same port to play an outage.
// It can also be slow (delayMs per message), refuse messages (a 451 after the data, as a
// server in trouble does) or drop the connection in the middle of a message.
import type { AddressInfo, Socket } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
}

export interface SmtpFaults {
  /** answer this many messages with "451 try again later" */
  refuse: number;
  /** cut the connection in the middle of this many messages */
  drop: number;
}

export interface TestSmtp {
  url: string;
  received: ReceivedMail[];
  faults: SmtpFaults;
  stop(): Promise<void>;
  start(): Promise<void>;
}

export async function startSmtp(options: { delayMs?: number } = {}): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const faults: SmtpFaults = { refuse: 0, drop: 0 };
  const sockets = new Set<Socket>();
  let port = 0;
  let server: SMTPServer;
  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData(stream, _session, callback) {
        if (faults.drop > 0) {
          faults.drop--;
          for (const socket of sockets) socket.destroy();
          return;
        }
        if (faults.refuse > 0) {
          faults.refuse--;
          stream.resume();
          stream.on('end', () => callback(Object.assign(new Error('Try again later'), { responseCode: 451 })));
          return;
        }
        simpleParser(stream)
          .then(async (mail: ParsedMail) => {
            if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
            const to = Array.isArray(mail.to) ? mail.to.map((a) => a.text).join(', ') : (mail.to?.text ?? '');
            received.push({
              to,
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: mail.html || '',
              messageId: mail.messageId ?? '',
            });
            callback();
          })
          .catch(callback);
      },
    });
  const start = async () => {
    server = make();
    // A client killed mid-conversation (the crash tests SIGKILL theirs) resets its connection:
    // the server hears ECONNRESET, which is the client's failure, not the test's.
    server.on('error', () => {});
    server.server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    port = (server.server.address() as AddressInfo).port;
  };
  await start();
  return {
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    received,
    faults,
    // Down means down: open (pooled) connections are cut, as when a server goes away.
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
    start,
  };
}
