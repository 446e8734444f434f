// The server-drawn pictures (issue 13.2): the geometry scales points into the box, an empty month,
// an all-zero month and a team of one draw without breaking, and the month's line is the pace's own
// count day by day.
import { describe, expect, it } from "vitest";
import { GRID_BOX, gridCell, gridHeight, LINE_BOX, niceMax, pathOf, pointsOf, xAt, yAt, yTicks } from "../../src/http/pages/charts/geometry.ts";
import { monthLine } from "../../src/domain/month-line.ts";
import { DEFAULT_POLICY } from "../../src/domain/policy.ts";
import { monthPace } from "../../src/domain/pace.ts";

const box = LINE_BOX;
const bottom = box.height - box.bottom;
const right = box.width - box.right;

describe("chart geometry (unit)", () => {
  it("scales points: 0 on the bottom edge, the maximum on the top, the first and last point at the box's sides", () => {
    const pts = pointsOf(box, [0, 5, 10], 10);
    expect(pts.map((p) => [p.x, p.y])).toEqual([
      [box.left, bottom],
      [(box.left + right) / 2, (box.top + bottom) / 2],
      [right, box.top],
    ]);
    expect(pathOf(box, [0, 5, 10], 10)).toBe(`M${box.left} ${bottom} L${(box.left + right) / 2} ${(box.top + bottom) / 2} L${right} ${box.top}`);
    // Out of range is clamped into the box.
    expect(yAt(box, -3, 10)).toBe(bottom);
    expect(yAt(box, 30, 10)).toBe(box.top);
  });

  it("breaks the line at unknown values (days still ahead) and draws nothing for an empty month", () => {
    expect(pathOf(box, [1, 2, null, null], 4).match(/M/g)).toHaveLength(1);
    expect(pathOf(box, [1, null, 2], 4).match(/M/g)).toHaveLength(2);
    expect(pathOf(box, [], 1)).toBe("");
    expect(pathOf(box, [null, null], 1)).toBe("");
    expect(pointsOf(box, [], 1)).toEqual([]);
  });

  it("keeps an all-zero series on the bottom edge with a y axis of at least 1", () => {
    expect(niceMax([0, 0, 0])).toBe(1);
    expect(niceMax([])).toBe(1);
    expect(niceMax([null, 0])).toBe(1);
    expect(pointsOf(box, [0, 0], niceMax([0, 0])).every((p) => p.y === bottom)).toBe(true);
    expect(yTicks(box, 1).map((t) => t.value)).toEqual([0, 0.5, 1]);
  });

  it("rounds the y axis up to a tidy step", () => {
    expect(niceMax([7])).toBe(10);
    expect(niceMax([11])).toBe(20);
    expect(niceMax([22, 3])).toBe(25);
    expect(niceMax([101])).toBe(200);
    expect(niceMax([0.4], 0)).toBe(0.5);
  });

  it("puts a single point in the middle", () => {
    expect(xAt(box, 0, 1)).toBe(box.left + (box.width - box.left - box.right) / 2);
  });

  it("lays out the grid: one rep is one row, cells share the width after the names", () => {
    expect(gridHeight(GRID_BOX, 1)).toBe(GRID_BOX.headHeight + GRID_BOX.rowHeight);
    expect(gridHeight(GRID_BOX, 0)).toBe(GRID_BOX.headHeight);
    const cells = [0, 1, 2].map((j) => gridCell(GRID_BOX, 0, j, 3));
    expect(cells[0]!.x).toBe(GRID_BOX.nameWidth);
    expect(cells[2]!.x + cells[2]!.width).toBeLessThanOrEqual(GRID_BOX.width);
    expect(gridCell(GRID_BOX, 4, 0, 3).y).toBe(GRID_BOX.headHeight + 4 * GRID_BOX.rowHeight);
  });
});

describe("the month's line (unit)", () => {
  const policy = DEFAULT_POLICY;
  const stores = [
    { id: 1, class: "A" as const },
    { id: 2, class: "C" as const },
  ];
  const counts = [
    { storeId: 1, channel: "visit" as const, localDate: "2026-09-02", count: 1 },
    { storeId: 1, channel: "visit" as const, localDate: "2026-09-02", count: 1 }, // the same day again: once
    { storeId: 2, channel: "phone" as const, localDate: "2026-09-10", count: 1 },
    { storeId: 1, channel: "message" as const, localDate: "2026-09-20", count: 1 },
  ];

  it("is the month's pace day by day, unknown after today", () => {
    const line = monthLine(policy, "2026-09", "2026-09-15", stores, counts);
    expect(line.days).toHaveLength(30);
    expect(line.days[0]).toBe("2026-09-01");
    expect(line.done.slice(0, 3)).toEqual([0, 1, 1]);
    expect(line.done[14]).toBe(2);
    expect(line.done.slice(15).every((d) => d === null)).toBe(true);
    // Each day agrees with the pace the month's page shows for that day.
    for (const i of [0, 9, 14, 29]) {
      const pace = monthPace(policy, line.days[i]!, stores, counts, "2026-09");
      const expected = pace.headline.visit.expectedByToday + pace.headline.phone.expectedByToday + pace.headline.message.expectedByToday;
      expect(line.expected[i]).toBeCloseTo(expected, 9);
    }
    // By the last day everything required is expected.
    const required = monthPace(policy, "2026-09-30", stores, [], "2026-09");
    expect(line.expected[29]).toBeCloseTo(required.headline.visit.required + required.headline.phone.required + required.headline.message.required, 9);
    for (let i = 1; i < 30; i++) expect(line.expected[i]!).toBeGreaterThanOrEqual(line.expected[i - 1]!);
  });

  it("draws an empty month (no stores) as zeros, and a month over in full", () => {
    const empty = monthLine(policy, "2026-02", "2026-03-05", [], []);
    expect(empty.days).toHaveLength(28);
    expect(empty.done.every((d) => d === 0)).toBe(true);
    expect(empty.expected.every((e) => e === 0)).toBe(true);
  });
});
