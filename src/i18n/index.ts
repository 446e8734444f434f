// All user-facing strings, one folder per locale (zh-CN first). Pick with `messages(locale)`.
import type { Locale } from "../domain/types.ts";
import { zhCN, type Messages } from "./zh-CN/index.ts";
import { en } from "./en/index.ts";

export type { Messages };

const byLocale: Record<Locale, Messages> = { "zh-CN": zhCN, en };

export function messages(locale: Locale): Messages {
  return byLocale[locale];
}

/** For visitors not signed in: zh-CN unless the browser clearly prefers English. */
export function localeFromHeader(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return "zh-CN";
  const first = acceptLanguage.split(",")[0]?.trim().toLowerCase() ?? "";
  return first.startsWith("en") ? "en" : "zh-CN";
}
