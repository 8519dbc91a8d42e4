import { describe, expect, it } from "vitest";
import { parseTimelineHistory } from "@/lib/domain/timeline-history";
import { switchMoments } from "@/lib/domain/timeline-switch";

const SEG = 16n * 1024n * 1024n;
const t = (s: string) => new Date(`2026-12-02T12:${s}Z`);
// Timeline 2 branched off timeline 1 inside segment 5; timeline 3 off 2 inside segment 9.
const h2 = parseTimelineHistory(2, `1\t0/${(5n * SEG + 0x100n).toString(16).toUpperCase()}\tno recovery target specified\n`);
const h3 = parseTimelineHistory(
  3,
  `1\t0/${(5n * SEG + 0x100n).toString(16).toUpperCase()}\tno recovery target specified\n2\t0/${(9n * SEG).toString(16).toUpperCase()}\tno recovery target specified\n`,
);
const seg = (timeline: number, segno: bigint, first: string | null, last: string | null) => ({
  timeline,
  segno,
  firstCommitAt: first ? t(first) : null,
  lastCommitAt: last ? t(last) : null,
});

describe("switchMoments", () => {
  it("marks the switch at the first commit on the new timeline when it precedes the history file's arrival", () => {
    const [m] = switchMoments({
      histories: [{ history: h2, archivedAt: t("05:00") }],
      segments: [seg(1, 4n, "00:00", "01:00"), seg(1, 5n, "01:10", "04:30"), seg(2, 5n, "01:10", "02:30"), seg(2, 6n, "03:00", "03:30")],
    });
    // Neither copy of the switch segment is a bound (the parent's may run past the switch, the
    // child's begins with the parent's pages): segments 4 and 6 are.
    expect(m).toEqual({ timeline: 2, parent: 1, switchLsn: 5n * SEG + 0x100n, at: t("03:00"), notBefore: t("01:00") });
  });

  it("uses the history file's arrival when nothing was committed on the new timeline yet, and one mark per switch", () => {
    const marks = switchMoments({
      histories: [
        { history: h3, archivedAt: t("09:00") },
        { history: h2, archivedAt: t("02:05") },
        { history: parseTimelineHistory(1, ""), archivedAt: null },
      ],
      segments: [seg(1, 4n, "00:00", "01:00"), seg(2, 8n, "06:00", "07:00")],
    });
    expect(marks.map((m) => [m.timeline, m.parent, m.at, m.notBefore])).toEqual([
      [2, 1, t("02:05"), t("01:00")],
      [3, 2, t("09:00"), t("07:00")],
    ]);
  });

  it("never puts the mark before the parent's last commit, and knows no time when the catalog has none", () => {
    const [stepped] = switchMoments({ histories: [{ history: h2, archivedAt: t("00:30") }], segments: [seg(1, 4n, "00:00", "01:00")] });
    expect(stepped!.at).toEqual(t("01:00"));
    const [unknown] = switchMoments({ histories: [{ history: h2, archivedAt: null }], segments: [] });
    expect(unknown).toMatchObject({ at: null, notBefore: null });
  });
});
