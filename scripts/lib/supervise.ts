import { spawn } from "node:child_process";
import { DEFAULT_RESTART_POLICY, formatDelay, planRestart, type RestartPolicy } from "@/lib/domain/restart-backoff";

export interface SuperviseOptions {
  /** How the process is called in the log ("worker", "dashboard"). */
  name: string;
  command: string;
  args: string[];
  /** Default: this process's environment. */
  env?: NodeJS.ProcessEnv;
  cwd: string;
  log: (message: string) => void;
  policy?: RestartPolicy;
  /** How long the process gets to exit after SIGTERM before it is killed. */
  stopGraceMs?: number;
}

export interface Supervised {
  /** The running process's id; undefined while a restart is pending. */
  readonly pid: number | undefined;
  /** Ends the process (SIGTERM, then SIGKILL after the grace period) and cancels a pending restart. */
  stop(): Promise<void>;
}

/**
 * Runs a long-lived process of `npm start` and starts it again whenever it exits without being
 * asked to, after the backoff of lib/domain/restart-backoff.ts: one crashed worker must not take
 * the dashboard, the catalog and the demo down with it. Output goes to our own stdout/stderr.
 */
export function supervise(opts: SuperviseOptions): Supervised {
  const policy = opts.policy ?? DEFAULT_RESTART_POLICY;
  let running: { pid: number | undefined; exited: Promise<void>; kill: (s: NodeJS.Signals) => void } | undefined;
  let pendingRestart: NodeJS.Timeout | undefined;
  let streak = 0;
  let stopping = false;

  const start = () => {
    pendingRestart = undefined;
    const startedAt = Date.now();
    const child = spawn(opts.command, opts.args, { env: opts.env, cwd: opts.cwd, stdio: ["ignore", "inherit", "inherit"] });
    const exited = new Promise<void>((resolve) => {
      let ended = false;
      // A program that cannot be started reports 'error' and may never report 'exit'.
      const onEnd = (how: string) => {
        if (ended) return;
        ended = true;
        running = undefined;
        resolve();
        if (!stopping) scheduleRestart(how, Date.now() - startedAt);
      };
      child.once("exit", (code, signal) => onEnd(signal ? `signal ${signal}` : `code ${code}`));
      child.once("error", (err) => onEnd(`could not run ${opts.command}: ${err.message}`));
    });
    running = { pid: child.pid, exited, kill: (s) => void child.kill(s) };
    if (child.pid) opts.log(`${opts.name} running (pid ${child.pid})`);
  };

  const scheduleRestart = (how: string, ranMs: number) => {
    const plan = planRestart(policy, streak, ranMs);
    streak = plan.streak;
    opts.log(`${opts.name} exited (${how}); restarting in ${formatDelay(plan.delayMs)} (restart ${plan.streak})`);
    pendingRestart = setTimeout(start, plan.delayMs);
  };

  start();
  return {
    get pid() {
      return running?.pid;
    },
    async stop() {
      stopping = true;
      clearTimeout(pendingRestart);
      const current = running;
      if (!current) return;
      const kill = setTimeout(() => current.kill("SIGKILL"), opts.stopGraceMs ?? 15_000);
      current.kill("SIGTERM");
      await current.exited;
      clearTimeout(kill);
    },
  };
}
