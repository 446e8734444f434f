// The manager's view (issue 13): pace colours, the export, the manager's /today, the charts.
export const manager = {
  band: { on_pace: "进度正常", slipping: "略有落后", behind: "明显落后" },
  /** A rep's overall pace: done against expected by today, in %. */
  paceOf: (pct: number, band: string) => `完成进度 ${pct}% · ${band}`,
  paceNone: "本月尚无应完成量",
};
