// The geometry of the server-drawn pictures (issue 13.2): plain numbers in, SVG coordinates out.
// Pure and unit-tested (test/unit/chart-geometry.test.ts); charts.tsx turns them into markup.

/** A chart's drawing box, in SVG user units (the SVG scales to the page's width). */
export type Box = { width: number; height: number; left: number; right: number; top: number; bottom: number };

export const LINE_BOX: Box = { width: 360, height: 180, left: 34, right: 8, top: 10, bottom: 22 };

/** The top of the y axis: the data's maximum (at least `floor`) rounded up to a tidy step. */
export function niceMax(values: readonly (number | null)[], floor = 1): number {
  let max = floor;
  for (const v of values) if (v !== null && Number.isFinite(v) && v > max) max = v;
  const step = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= max) return m * step;
  return 10 * step;
}

/** x of the i-th of n points across the box (one point: in the middle). */
export function xAt(box: Box, i: number, n: number): number {
  const w = box.width - box.left - box.right;
  return n <= 1 ? box.left + w / 2 : box.left + (w * i) / (n - 1);
}

/** y of a value between 0 and max (clamped), 0 at the bottom. */
export function yAt(box: Box, value: number, max: number): number {
  const h = box.height - box.top - box.bottom;
  const v = Math.min(Math.max(value, 0), max);
  return box.top + h - (max > 0 ? (h * v) / max : 0);
}

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * A series as SVG path data: one sub-path per run of known values (null breaks the line, as a day
 * still ahead does for what was done). Empty when nothing is known.
 */
export function pathOf(box: Box, values: readonly (number | null)[], max: number): string {
  const out: string[] = [];
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    out.push(`${pen ? "L" : "M"}${round(xAt(box, i, values.length))} ${round(yAt(box, v, max))}`);
    pen = true;
  });
  return out.join(" ");
}

/** The points of a series (for markers), null values left out. */
export function pointsOf(box: Box, values: readonly (number | null)[], max: number): { x: number; y: number; i: number }[] {
  return values.flatMap((v, i) => (v === null ? [] : [{ x: round(xAt(box, i, values.length)), y: round(yAt(box, v, max)), i }]));
}

/** Gridlines of the y axis: 0, half and the top. */
export function yTicks(box: Box, max: number): { value: number; y: number }[] {
  return [0, max / 2, max].map((value) => ({ value, y: round(yAt(box, value, max)) }));
}

/** The grid of reps × columns: cells of equal width after the names' column, one row per rep. */
export type GridBox = { width: number; nameWidth: number; rowHeight: number; headHeight: number };
export const GRID_BOX: GridBox = { width: 360, nameWidth: 84, rowHeight: 30, headHeight: 24 };

export function gridCell(box: GridBox, row: number, col: number, cols: number): { x: number; y: number; width: number; height: number } {
  const width = (box.width - box.nameWidth) / Math.max(cols, 1);
  return { x: round(box.nameWidth + col * width), y: box.headHeight + row * box.rowHeight, width: round(width - 2), height: box.rowHeight - 2 };
}

export function gridHeight(box: GridBox, rows: number): number {
  return box.headHeight + rows * box.rowHeight;
}
