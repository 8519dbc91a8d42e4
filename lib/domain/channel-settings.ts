/**
 * What a notification channel keeps in its `settings` column besides its secret (the webhook URL,
 * the SMTP password, stored encrypted apart). The API shows these; the transports send with them.
 */
export interface WebhookSettings {
  format: "json" | "slack";
  /** scheme://host/… of the URL, for display. */
  target: string;
}

export interface EmailSettings {
  host: string;
  port: number;
  security: "starttls" | "tls" | "none";
  username: string | null;
  from: string;
  to: string[];
}
