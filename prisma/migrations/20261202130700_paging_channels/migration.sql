-- Paging and chat channels beside webhook and email: PagerDuty (Events API v2), Opsgenie,
-- Microsoft Teams (a Workflows webhook) and Discord (a channel webhook). Each keeps its key or
-- webhook URL in secret_encrypted and what may be shown in settings, like the first two kinds.
ALTER TYPE "NotificationKind" ADD VALUE 'pagerduty';
ALTER TYPE "NotificationKind" ADD VALUE 'opsgenie';
ALTER TYPE "NotificationKind" ADD VALUE 'teams';
ALTER TYPE "NotificationKind" ADD VALUE 'discord';
