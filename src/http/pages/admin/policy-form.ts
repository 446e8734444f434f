// The policy form's fields and the Policy, each way: a field per policy path (`quotas.visit.A`), the
// checked candidate for validatePolicy, and its error paths back onto the fields with a message
// saying what each field takes.
import { LIFE_EVENT_KINDS, QUOTA_CHANNELS, STORE_CLASSES } from "../../../domain/types.ts";
import type { PolicyRules } from "../../../domain/policy.ts";
import type { Messages } from "../../../i18n/index.ts";
import { num, str, strs, type Errors } from "./shared.tsx";

export type Values = Record<string, string>;

export const FOLLOW_UP_KINDS = ["birthday", ...LIFE_EVENT_KINDS] as const;
export const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

const perClassPaths = (prefix: string) => STORE_CLASSES.map((k) => `${prefix}.${k}`);
/** Every single-value field of the form, by its policy path. */
const TEXT_FIELDS = [
  ...QUOTA_CHANNELS.flatMap((ch) => perClassPaths(`quotas.${ch}`)),
  "sameDayRepeats",
  "helpAskedPerRep",
  ...perClassPaths("problemsSolved.perClass"),
  "problemsSolved.scope",
  "trainingsPerRep",
  "intelItemsPerVisit",
  ...FOLLOW_UP_KINDS.flatMap((k) => [`followUps.${k}.channel`, `followUps.${k}.dueDays`]),
  "giftCapPerStoreYear",
  "interactionEditDays",
  "mourningDays",
  "checkIn.onSiteMeters",
  "paceBands.onPace",
  "paceBands.slipping",
  "extraNonWorkingDates",
  "timeZone",
  "digest.defaultTime",
  "digest.cutoffTime",
  "digest.weeklyDay",
  "digest.maxPlanItems",
  ...QUOTA_CHANNELS.map((ch) => `digest.planCapacity.${ch}`),
  "digest.skipClosedDays",
];

export function toValues(p: PolicyRules): Values {
  const values: Values = {
    sameDayRepeats: p.sameDayRepeats,
    helpAskedPerRep: String(p.helpAskedPerRep),
    "problemsSolved.scope": p.problemsSolved.scope,
    trainingsPerRep: String(p.trainingsPerRep),
    intelItemsPerVisit: String(p.intelItemsPerVisit),
    giftCapPerStoreYear: String(p.giftCapPerStoreYear),
    interactionEditDays: String(p.interactionEditDays),
    mourningDays: String(p.mourningDays),
    "checkIn.enabled": p.checkIn.enabled ? "1" : "",
    "checkIn.onSiteMeters": String(p.checkIn.onSiteMeters),
    "paceBands.onPace": String(p.paceBands.onPace),
    "paceBands.slipping": String(p.paceBands.slipping),
    workingDays: p.workingDays.join(","),
    officialHolidaysOff: p.officialHolidaysOff ? "1" : "",
    extraNonWorkingDates: p.extraNonWorkingDates.join("\n"),
    timeZone: p.timeZone,
    "digest.defaultTime": p.digest.defaultTime,
    "digest.cutoffTime": p.digest.cutoffTime,
    "digest.weeklyDay": String(p.digest.weeklyDay),
    "digest.maxPlanItems": String(p.digest.maxPlanItems),
    "digest.skipClosedDays": String(p.digest.skipClosedDays),
  };
  for (const ch of QUOTA_CHANNELS) values[`digest.planCapacity.${ch}`] = String(p.digest.planCapacity[ch]);
  for (const ch of QUOTA_CHANNELS) for (const k of STORE_CLASSES) values[`quotas.${ch}.${k}`] = String(p.quotas[ch][k]);
  for (const k of STORE_CLASSES) values[`problemsSolved.perClass.${k}`] = String(p.problemsSolved.perClass[k]);
  for (const k of FOLLOW_UP_KINDS) {
    values[`followUps.${k}.channel`] = p.followUps[k].channel;
    values[`followUps.${k}.dueDays`] = String(p.followUps[k].dueDays);
  }
  return values;
}

export function fromForm(form: FormData): Values {
  const values: Values = {};
  for (const name of TEXT_FIELDS) values[name] = str(form, name);
  values.workingDays = strs(form, "workingDays").join(",");
  values.officialHolidaysOff = str(form, "officialHolidaysOff") === "1" ? "1" : "";
  values["checkIn.enabled"] = str(form, "checkIn.enabled") === "1" ? "1" : "";
  return values;
}

/** The non-empty lines of the extra-dates box, with their line numbers for error messages. */
function dateLines(text: string): { date: string; line: number }[] {
  return text
    .split(/\r\n|\r|\n/)
    .map((l, i) => ({ date: l.trim(), line: i + 1 }))
    .filter((l) => l.date !== "");
}

/** What the form says, shaped as a Policy for validatePolicy (which does all the checking). */
export function toCandidate(values: Values): unknown {
  const n = (path: string) => num(values[path] ?? "");
  const perClass = (prefix: string) => Object.fromEntries(STORE_CLASSES.map((k) => [k, n(`${prefix}.${k}`)]));
  return {
    timeZone: (values.timeZone ?? "").trim(),
    workingDays: (values.workingDays ?? "").split(",").filter(Boolean).map(Number),
    officialHolidaysOff: values.officialHolidaysOff === "1",
    extraNonWorkingDates: dateLines(values.extraNonWorkingDates ?? "").map((l) => l.date),
    quotas: Object.fromEntries(QUOTA_CHANNELS.map((ch) => [ch, perClass(`quotas.${ch}`)])),
    sameDayRepeats: values.sameDayRepeats,
    followUps: Object.fromEntries(
      FOLLOW_UP_KINDS.map((k) => [k, { channel: values[`followUps.${k}.channel`], dueDays: n(`followUps.${k}.dueDays`) }]),
    ),
    helpAskedPerRep: n("helpAskedPerRep"),
    problemsSolved: { perClass: perClass("problemsSolved.perClass"), scope: values["problemsSolved.scope"] },
    trainingsPerRep: n("trainingsPerRep"),
    intelItemsPerVisit: n("intelItemsPerVisit"),
    giftCapPerStoreYear: n("giftCapPerStoreYear"),
    interactionEditDays: n("interactionEditDays"),
    mourningDays: n("mourningDays"),
    checkIn: { enabled: values["checkIn.enabled"] === "1", onSiteMeters: n("checkIn.onSiteMeters") },
    paceBands: { onPace: n("paceBands.onPace"), slipping: n("paceBands.slipping") },
    digest: {
      defaultTime: (values["digest.defaultTime"] ?? "").trim(),
      cutoffTime: (values["digest.cutoffTime"] ?? "").trim(),
      weeklyDay: n("digest.weeklyDay"),
      maxPlanItems: n("digest.maxPlanItems"),
      planCapacity: Object.fromEntries(QUOTA_CHANNELS.map((ch) => [ch, n(`digest.planCapacity.${ch}`)])),
      skipClosedDays: n("digest.skipClosedDays"),
    },
  };
}

/** validatePolicy's paths → the form field to mark, with a message saying what the field takes. */
export function policyFieldErrors(fields: Record<string, string>, values: Values, t: Messages): Errors {
  const e = t.admin.errors;
  const out: Errors = {};
  const lines = dateLines(values.extraNonWorkingDates ?? "");
  for (const path of Object.keys(fields)) {
    let field = path;
    let message: string = t.validation.invalid;
    const dates = /^extraNonWorkingDates\.(\d+)$/.exec(path);
    if (dates) {
      field = "extraNonWorkingDates";
      message = e.dates(lines[Number(dates[1])]?.line ?? Number(dates[1]) + 1);
    } else if (path === "_") {
      // The policy-wide check: the digest must go out before its own cut-off.
      field = "digest.cutoffTime";
      message = e.cutoff;
    } else if (path.startsWith("workingDays")) {
      field = "workingDays";
      message = path === "workingDays" ? e.working_days : e.weekday;
    } else if (/^followUps\.\w+\.dueDays$/.test(path)) message = e.due_days;
    else if (/^followUps\.\w+/.test(path)) {
      field = `${path.split(".").slice(0, 2).join(".")}.channel`;
      message = e.choice;
    } else if (path === "intelItemsPerVisit") message = e.intel;
    else if (path === "giftCapPerStoreYear") message = e.money;
    else if (path === "interactionEditDays" || path === "mourningDays") message = e.days;
    else if (path === "timeZone") message = e.time_zone;
    else if (path === "checkIn.onSiteMeters") message = e.meters;
    else if (path === "paceBands.onPace" || path === "paceBands.slipping") message = e.percent;
    else if (path === "paceBands") {
      // The bands' own check: slipping starts below on pace.
      field = "paceBands.slipping";
      message = e.bands;
    }
    else if (path === "digest.defaultTime" || path === "digest.cutoffTime") message = e.hhmm;
    else if (path === "digest.weeklyDay") message = e.weekday;
    else if (path === "digest.maxPlanItems") message = e.plan_items;
    else if (path.startsWith("digest.planCapacity.")) message = e.plan_capacity;
    else if (path === "digest.skipClosedDays") message = e.skip_days;
    else if (path === "problemsSolved.scope" || path === "sameDayRepeats") message = e.choice;
    else if (/^(quotas\.\w+\.[ABC]|problemsSolved\.perClass\.[ABC]|helpAskedPerRep|trainingsPerRep)$/.test(path)) message = e.count;
    out[field] ??= message;
  }
  return out;
}

