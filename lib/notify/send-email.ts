import nodemailer from "nodemailer";
import type { EmailSettings } from "@/lib/domain/channel-settings";
import { DeliveryError } from "@/lib/notify/delivery-error";

/**
 * One message over SMTP with nodemailer. A permanent SMTP refusal (5xx: bad recipient, auth
 * refused) is not retried; a temporary one (4xx) or a connection problem is.
 */
export async function sendEmail(
  server: EmailSettings & { password: string | null },
  message: { subject: string; text: string },
  signal: AbortSignal,
): Promise<{ response: string }> {
  const transport = nodemailer.createTransport({
    host: server.host,
    port: server.port,
    secure: server.security === "tls",
    requireTLS: server.security === "starttls",
    ignoreTLS: server.security === "none",
    auth: server.username ? { user: server.username, pass: server.password ?? "" } : undefined,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  });
  const abort = () => transport.close();
  signal.addEventListener("abort", abort, { once: true });
  try {
    const info = await transport.sendMail({ from: server.from, to: server.to, subject: message.subject, text: message.text });
    return { response: String(info.response ?? "accepted") };
  } catch (err) {
    const e = err as Error & { responseCode?: number; response?: string };
    const permanent = e.responseCode !== undefined && e.responseCode >= 500;
    throw new DeliveryError(
      `The SMTP server ${server.host}:${server.port} refused the message: ${e.response ?? e.message}`,
      !permanent,
      e.response ?? null,
    );
  } finally {
    signal.removeEventListener("abort", abort);
    transport.close();
  }
}
