// The rep's lists in full: what the digest and /today cap at MAIL_LIST_LIMIT, each on its own paged
// page (/today/lists/<name>), where every "N more" line of the digest leads.
export const REP_LISTS = ["follow-ups", "slow-movers", "intel"] as const;
export type RepList = (typeof REP_LISTS)[number];

/** Rows per page of a rep's list. */
export const REP_LIST_PAGE_SIZE = 50;

/** The list's page, relative (pages) or joined to the app's origin by the caller (mail). */
export function repListPath(list: RepList, page = 1): string {
  return page > 1 ? `/today/lists/${list}?page=${page}` : `/today/lists/${list}`;
}
