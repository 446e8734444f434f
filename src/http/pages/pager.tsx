// Previous / next links of a paged list (?page=N): the manager's /team/lists and the rep's
// /today/lists. Nothing when everything fits on one page.
import { useT } from "./layout.tsx";

export function Pager(props: { page: number; total: number; pageSize: number; href: (page: number) => string }) {
  const t = useT();
  const { page } = props;
  const hasNext = page * props.pageSize < props.total;
  if (page === 1 && !hasNext) return null;
  return (
    <p class="row">
      {page > 1 && <a href={props.href(page - 1)}>{t.progress.prev}</a>}
      {hasNext && <a href={props.href(page + 1)}>{t.progress.next}</a>}
    </p>
  );
}

/** `path?k=v…` with the parameters that are set. */
export function listHref(path: string, params: Record<string, string | number | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, value] of Object.entries(params)) if (value !== undefined) u.set(k, String(value));
  return `${path}?${u.toString()}`;
}
