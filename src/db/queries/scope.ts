// Row scope by role, enforced in the queries themselves (not only in pages): a rep sees their own
// stores, a manager their team's, an admin everything. Every query of stores, contacts, life events
// and interactions goes through `storeVisible`; rows outside it simply do not exist for the caller (404).
import { eq, inArray, sql, type SQL } from "drizzle-orm";
import { stores, users } from "../schema.ts";
import type { Viewer } from "../../auth/identity.ts";

export function storeVisible(viewer: Viewer): SQL {
  switch (viewer.role) {
    case "admin":
      return sql`1 = 1`;
    case "manager":
      if (viewer.teamId === null) return sql`0 = 1`;
      return inArray(
        stores.repId,
        sql`(select ${users.id} from ${users} where ${users.teamId} = ${viewer.teamId})`,
      );
    case "rep":
      return eq(stores.repId, viewer.id);
  }
}

/** Users (reps) the viewer may see: themselves, their team for a manager, everyone for an admin. */
export function userVisible(viewer: Viewer): SQL {
  switch (viewer.role) {
    case "admin":
      return sql`1 = 1`;
    case "manager":
      return viewer.teamId === null ? eq(users.id, viewer.id) : eq(users.teamId, viewer.teamId);
    case "rep":
      return eq(users.id, viewer.id);
  }
}
