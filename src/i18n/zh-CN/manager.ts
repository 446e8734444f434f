// The manager's view (issue 13): pace colours, the export, the manager's /today, the charts.
export const manager = {
  band: { on_pace: "进度正常", slipping: "略有落后", behind: "明显落后" },
  /** A rep's overall pace: done against expected by today, in %. */
  paceOf: (pct: number, band: string) => `完成进度 ${pct}% · ${band}`,
  paceNone: "本月尚无应完成量",
  export: {
    button: "导出本月 CSV",
    month: "月份",
    team: "团队",
    rep: "业务员",
    storeId: "门店ID",
    store: "门店",
    city: "城市",
    storeClass: "等级",
    item: "渠道/规则",
    required: "要求",
    done: "已完成",
    expected: "按进度应完成",
  },
};
