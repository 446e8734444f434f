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
  today: {
    allWell: "今天团队没有落后的人、逾期的跟进、节日缺口或快满 30 天未联系的门店。",
    behindTitle: "进度落后的业务员",
    short: (n: number) => `比应完成少 ${n} 次`,
    overdueTitle: "逾期的跟进",
    daysOverdue: (n: number) => `逾期 ${n} 天`,
    festivalsTitle: "节日覆盖缺口",
    festivalGap: (uncovered: number, total: number, daysLeft: number, end: string) => `${uncovered}/${total} 家门店未覆盖，还剩 ${daysLeft} 天（截至 ${end}）`,
    quietTitle: "快满 30 天未联系的门店",
    quiet: (last: string, daysLeft: number) => `上次联系 ${last}，再过 ${daysLeft} 天满 30 天`,
  },
};
