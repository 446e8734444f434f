// The quick log's first tap: the viewer's stores, most recently contacted first, searchable.
import { useT } from "../layout.tsx";
import type { PickerStore } from "../../../services/log-form.ts";

/** `action` and `href`: where the search and each store lead (the quick log by default; an edit's store change). */
export function StorePicker(props: { q: string; list: PickerStore[]; action?: string; href?: (storeId: number) => string }) {
  const t = useT();
  const href = props.href ?? ((id: number) => `/log?storeId=${id}`);
  return (
    <>
      <h1>{t.log.chooseStore}</h1>
      <form method="get" action={props.action ?? "/log"} class="row" role="search">
        <input class="grow" type="search" name="q" value={props.q} placeholder={t.log.searchStores} aria-label={t.log.searchStores} />
        <button class="secondary" type="submit">
          {t.common.search}
        </button>
      </form>
      {props.list.length === 0 ? (
        <p class="muted">{t.log.noStores}</p>
      ) : (
        <ul class="plain store-pick">
          {props.list.map((s) => (
            <li>
              <a href={href(s.id)} class="pick">
                <span class={`pill ${s.class}`}>{s.class}</span> <strong>{s.name}</strong>
                <span class="muted small"> {s.city ?? ""} · {s.lastContact ? t.log.lastContact(s.lastContact) : t.log.neverContacted}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
