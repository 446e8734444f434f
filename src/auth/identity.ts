import type { Locale, Role } from "../domain/types.ts";

/** Who is asking: everything a query needs to scope its rows. */
export type Viewer = {
  id: number;
  role: Role;
  teamId: number | null;
  name: string;
  email: string;
  locale: Locale;
  timeZone: string;
};
