import { pino } from "pino";

/**
 * Structured logs to stdout. Redaction is a safety net for secrets that should never be logged in
 * the first place.
 */
export const logger = pino({
  level: "info",
  redact: { paths: ["password", "*.password", "*.passwordEncrypted", "token", "*.token", "headers.cookie"], censor: "[redacted]" },
});
