import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll } from "vitest";

export interface ReceivedMail {
  from: string;
  to: string[];
  user: string | undefined;
  data: string;
}

/** A real SMTP server on loopback (smtp-server), requiring a login, that keeps what it is sent. */
export function useSmtpReceiver(credentials: { username: string; password: string }): { port: () => number; mails: ReceivedMail[] } {
  const mails: ReceivedMail[] = [];
  let server: SMTPServer | undefined;
  beforeAll(async () => {
    server = new SMTPServer({
      disabledCommands: ["STARTTLS"],
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, cb) {
        if (auth.username === credentials.username && auth.password === credentials.password) cb(null, { user: auth.username });
        else cb(new Error("Invalid username or password"));
      },
      onData(stream, session, cb) {
        let data = "";
        stream.setEncoding("utf8");
        stream.on("data", (chunk: string) => (data += chunk));
        stream.on("end", () => {
          const from = session.envelope.mailFrom;
          mails.push({
            from: from ? from.address : "",
            to: session.envelope.rcptTo.map((r) => r.address),
            user: session.user as string | undefined,
            data,
          });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  });
  return { port: () => (server!.server.address() as AddressInfo).port, mails };
}
