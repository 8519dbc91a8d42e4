/**
 * Upper bounds (seconds) of the job-duration histogram: from a connection check (a second) to a
 * large backup or verification (a day), roughly ×3 apart.
 */
export const JOB_DURATION_BUCKETS = [1, 5, 15, 60, 300, 900, 3_600, 10_800, 43_200, 86_400] as const;
