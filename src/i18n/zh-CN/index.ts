import { common } from "./common.ts";
import { auth } from "./auth.ts";
import { validation } from "./validation.ts";
import { log } from "./log.ts";
import { settings } from "./settings.ts";

export const zhCN = { common, auth, validation, log, settings };

/** The shape every locale must fill: zh-CN's keys, with string values widened. */
export type Messages = Widen<typeof zhCN>;

type Widen<T> = T extends string
  ? string
  : T extends (...args: infer A) => infer R
    ? (...args: A) => Widen<R>
    : { [K in keyof T]: Widen<T[K]> };
