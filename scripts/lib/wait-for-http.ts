/**
 * Resolves once `url` answers HTTP at all (any status: a sign-in redirect is an answer). No
 * deadline: the supervisor restarts a dashboard that dies, and Ctrl-C ends the wait with the rest.
 */
export async function waitForHttp(url: string): Promise<void> {
  for (;;) {
    try {
      await fetch(url, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
