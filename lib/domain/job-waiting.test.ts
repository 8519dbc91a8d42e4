import { describe, expect, it } from "vitest";
import { jobWaitingFor } from "./job-waiting";

const live = new Set(["db-backup-1"]);

describe("jobWaitingFor", () => {
  it("names the host a queued job waits for when no worker lives there", () => {
    expect(jobWaitingFor({ status: "queued", workerHost: "db-backup-2" }, live)).toBe("waiting for a worker on db-backup-2");
  });

  it("says the same of a running job whose host lost its workers: only that host takes it over", () => {
    expect(jobWaitingFor({ status: "running", workerHost: "db-backup-2" }, live)).toBe("waiting for a worker on db-backup-2");
  });

  it("is null while a live worker of the job's host can take it", () => {
    expect(jobWaitingFor({ status: "queued", workerHost: "db-backup-1" }, live)).toBeNull();
    expect(jobWaitingFor({ status: "running", workerHost: "db-backup-1" }, live)).toBeNull();
  });

  it("lets a host-free job wait only when no worker lives anywhere", () => {
    expect(jobWaitingFor({ status: "queued", workerHost: null }, live)).toBeNull();
    expect(jobWaitingFor({ status: "queued", workerHost: null }, new Set())).toBe("waiting for a worker: none is running");
    expect(jobWaitingFor({ status: "running", workerHost: null }, new Set())).toBeNull();
  });

  it("is null for a finished job, whatever the workers", () => {
    for (const status of ["succeeded", "failed"] as const) {
      expect(jobWaitingFor({ status, workerHost: "db-backup-2" }, new Set())).toBeNull();
      expect(jobWaitingFor({ status, workerHost: null }, new Set())).toBeNull();
    }
  });
});
