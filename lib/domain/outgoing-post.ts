/** One JSON POST a channel makes, relative to its service's API base (PagerDuty, Opsgenie). */
export interface OutgoingPost {
  path: string;
  body: unknown;
}
