// /team's export: a month (this one by default) and a button that downloads the CSV (export.ts).
import { useT } from "../layout.tsx";

export function ExportForm(props: { month: string; teamId: number | undefined }) {
  const t = useT();
  return (
    <form method="get" action="/team/export.csv" class="row team-export">
      <label for="export-month" class="sr-only">
        {t.progress.monthLabel}
      </label>
      <input id="export-month" name="month" type="month" value={props.month} class="grow" />
      {props.teamId !== undefined && <input type="hidden" name="teamId" value={String(props.teamId)} />}
      <button class="secondary" type="submit">
        {t.manager.export.button}
      </button>
    </form>
  );
}
