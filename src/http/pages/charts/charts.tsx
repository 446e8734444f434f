// Server-drawn pictures (issue 13.2): inline SVG, no client script, scaled to the page's width (a
// 390 px phone included). Each is an image with a name (role="img", <title>, aria-label) and its
// numbers again as a visually hidden table, so a screen reader gets the data, not a drawing.
// Geometry in geometry.ts; colours are the pace bands (domain/pace-band.ts) as the stylesheet's
// tones, and every band is also written in words, never colour alone.
import { BAND_TONE, type PaceBand } from "../../../domain/pace-band.ts";
import { GRID_BOX, gridCell, gridHeight, LINE_BOX, niceMax, pathOf, pointsOf, xAt, yTicks } from "./geometry.ts";

export type Series = { name: string; values: (number | null)[]; cls: "done" | "expected" | "team" };

/** A line chart of a few series over labelled points (days, weeks), with the table it draws. */
export function LineChart(props: { id: string; title: string; labels: string[]; series: Series[]; unit?: (v: number) => string; caption: string; corner: string; floor?: number }) {
  const box = LINE_BOX;
  const max = niceMax(
    props.series.flatMap((s) => s.values),
    props.floor ?? 1,
  );
  const fmt = props.unit ?? ((v: number) => String(Math.round(v * 10) / 10));
  const n = props.labels.length;
  const step = Math.max(1, Math.ceil(n / 6));
  const titleId = `${props.id}-title`;
  return (
    <figure class="chart" id={props.id}>
      <svg viewBox={`0 0 ${box.width} ${box.height}`} role="img" aria-labelledby={titleId} aria-label={props.title} class="line-chart">
        <title id={titleId}>{props.title}</title>
        {yTicks(box, max).map((tk) => (
          <g class="tick">
            <line x1={box.left} x2={box.width - box.right} y1={tk.y} y2={tk.y} />
            <text x={box.left - 4} y={tk.y + 4} text-anchor="end">
              {fmt(tk.value)}
            </text>
          </g>
        ))}
        {props.labels.map((l, i) =>
          i % step === 0 || i === n - 1 ? (
            // The first and last label keep inside the picture.
            <text class="x-label" x={xAt(box, i, n)} y={box.height - 6} text-anchor={n > 1 && i === 0 ? "start" : n > 1 && i === n - 1 ? "end" : "middle"}>
              {l}
            </text>
          ) : null,
        )}
        {props.series.map((s) => (
          <path class={`series ${s.cls}`} d={pathOf(box, s.values, max)} data-series={s.cls} />
        ))}
        {props.series
          .filter((s) => s.cls !== "expected")
          .map((s) => pointsOf(box, s.values, max).map((p) => (n <= 12 ? <circle class={`dot ${s.cls}`} cx={p.x} cy={p.y} r="3" /> : null)))}
      </svg>
      <figcaption class="muted small">
        {props.series.map((s) => (
          <span class={`key ${s.cls}`}>{s.name}</span>
        ))}
      </figcaption>
      <table class="sr-only">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.corner}</th>
            {props.series.map((s) => (
              <th scope="col">{s.name}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.labels.map((l, i) => (
            <tr>
              <th scope="row">{l}</th>
              {props.series.map((s) => {
                const v = s.values[i];
                return <td>{v === null || v === undefined ? "–" : fmt(v)}</td>;
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

export type GridRow = { name: string; cells: { band: PaceBand | null; text: string; label: string }[] };

/** Reps × columns, each cell coloured by its pace band with its value and band in words. */
export function BandGrid(props: { id: string; title: string; columns: string[]; rows: GridRow[]; caption: string; corner: string }) {
  const box = GRID_BOX;
  const height = gridHeight(box, props.rows.length);
  const titleId = `${props.id}-title`;
  return (
    <figure class="chart" id={props.id}>
      <svg viewBox={`0 0 ${box.width} ${height}`} role="img" aria-labelledby={titleId} aria-label={props.title} class="band-grid">
        <title id={titleId}>{props.title}</title>
        {props.columns.map((c, j) => {
          const cell = gridCell(box, 0, j, props.columns.length);
          return (
            <text class="head" x={cell.x + cell.width / 2} y={box.headHeight - 8} text-anchor="middle">
              {c}
            </text>
          );
        })}
        {props.rows.map((r, i) => (
          <g data-row={r.name}>
            <text class="name" x="0" y={box.headHeight + i * box.rowHeight + box.rowHeight / 2 + 4}>
              {r.name.length > 5 ? `${r.name.slice(0, 5)}…` : r.name}
            </text>
            {r.cells.map((c, j) => {
              const cell = gridCell(box, i, j, props.columns.length);
              const tone = c.band ? BAND_TONE[c.band] : "none";
              return (
                <g class={`cell tone-${tone}`} data-band={c.band ?? "none"}>
                  <rect x={cell.x} y={cell.y} width={cell.width} height={cell.height} rx="4" />
                  <text x={cell.x + cell.width / 2} y={cell.y + cell.height / 2 + 4} text-anchor="middle">
                    {c.text}
                  </text>
                </g>
              );
            })}
          </g>
        ))}
      </svg>
      <table class="sr-only">
        <caption>{props.caption}</caption>
        <thead>
          <tr>
            <th scope="col">{props.corner}</th>
            {props.columns.map((c) => (
              <th scope="col">{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr>
              <th scope="row">{r.name}</th>
              {r.cells.map((c) => (
                <td>{c.label}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
