import { common } from "./common.ts";
import { auth } from "./auth.ts";
import { validation } from "./validation.ts";
import { log } from "./log.ts";
import { settings } from "./settings.ts";
import { outbox } from "./outbox.ts";
import { greetings } from "./greetings.ts";
import { admin } from "./admin.ts";
import { stores } from "./stores.ts";
import { progress } from "./progress.ts";
import { calendar } from "./calendar.ts";
import { mail } from "./mail.ts";
import { festivals } from "./festivals.ts";
import { offline } from "./offline.ts";
import { manager } from "./manager.ts";

export const zhCN = { common, auth, validation, log, settings, outbox, greetings, admin, stores, progress, calendar, mail, festivals, offline, manager };

/** The shape every locale must fill: zh-CN's keys, with string values widened. */
export type Messages = Widen<typeof zhCN>;

type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => infer R
    ? (...args: A) => Widen<R>
    : { [K in keyof T]: Widen<T[K]> };
