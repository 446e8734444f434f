// /admin/policy: the handbook's rules as numbers an admin edits (R1–R17, working days, digests).
// Field names are the policy's own paths (`quotas.visit.A`), so validatePolicy's error paths land
// beside the field they concern.
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppContext, AppEnv } from "../../context.ts";
import { requireViewer } from "../../guard.ts";
import { Csrf, FieldError, useT } from "../layout.tsx";
import { policyWithAuthor, savePolicy } from "../../../db/queries/policy.ts";
import { validatePolicy, type PolicyRules } from "../../../domain/policy.ts";
import { CHANNELS, QUOTA_CHANNELS, STORE_CLASSES } from "../../../domain/types.ts";
import { localDateOf, localTimeOf } from "../../../domain/dates.ts";
import { FOLLOW_UP_KINDS, fromForm, policyFieldErrors, toCandidate, toValues, WEEKDAYS, type Values } from "./policy-form.ts";
import { renderAdmin, SelectField, TextField, type Errors } from "./shared.tsx";

function NumberCell(props: { name: string; label: string; values: Values; errors?: Errors }) {
  const bad = Boolean(props.errors?.[props.name]);
  return (
    <td>
      <input
        class={`num${bad ? " invalid" : ""}`}
        id={props.name}
        name={props.name}
        type="number"
        inputmode="numeric"
        min="0"
        value={props.values[props.name] ?? ""}
        aria-label={props.label}
        aria-invalid={bad ? "true" : undefined}
        aria-describedby={bad ? `${props.name}-error` : undefined}
      />
      <FieldError errors={props.errors} name={props.name} />
    </td>
  );
}

type Section = { values: Values; errors?: Errors };

function Quotas(props: Section) {
  const t = useT();
  const tp = t.admin.policy;
  const { values, errors } = props;
  return (
    <section class="card">
      <h2>{tp.quotas}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{tp.channel}</th>
              {STORE_CLASSES.map((k) => (
                <th>{t.common.storeClass[k]}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {QUOTA_CHANNELS.map((ch) => (
              <tr>
                <th>{t.common.channel[ch]}</th>
                {STORE_CLASSES.map((k) => (
                  <NumberCell name={`quotas.${ch}.${k}`} label={`${t.common.channelLong[ch]} ${t.common.storeClass[k]}`} values={values} errors={errors} />
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <SelectField
        name="sameDayRepeats"
        label={tp.sameDayRepeats}
        value={values.sameDayRepeats ?? ""}
        errors={errors}
        options={[
          ["once", tp.sameDayOnce],
          ["each", tp.sameDayEach],
        ]}
      />
      <p class="muted small">{tp.sameDayHint}</p>
    </section>
  );
}

function RepRules(props: Section) {
  const t = useT();
  const tp = t.admin.policy;
  const { values, errors } = props;
  return (
    <section class="card">
      <h2>{tp.repRules}</h2>
      <TextField name="helpAskedPerRep" type="number" inputmode="numeric" label={tp.helpAsked} value={values.helpAskedPerRep ?? ""} errors={errors} />
      <p class="label">{tp.problemsSolved}</p>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              {STORE_CLASSES.map((k) => (
                <th>{t.common.storeClass[k]}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            <tr>
              {STORE_CLASSES.map((k) => (
                <NumberCell name={`problemsSolved.perClass.${k}`} label={`${tp.problemsSolved} ${t.common.storeClass[k]}`} values={values} errors={errors} />
              ))}
            </tr>
          </tbody>
        </table>
      </div>
      <SelectField
        name="problemsSolved.scope"
        label={tp.problemsScope}
        value={values["problemsSolved.scope"] ?? ""}
        errors={errors}
        options={[
          ["store", tp.scopeStore],
          ["rep", tp.scopeRep],
        ]}
      />
      <TextField name="trainingsPerRep" type="number" inputmode="numeric" label={tp.trainings} value={values.trainingsPerRep ?? ""} errors={errors} />
      <TextField name="intelItemsPerVisit" type="number" inputmode="numeric" label={tp.intelItems} value={values.intelItemsPerVisit ?? ""} errors={errors} />
    </section>
  );
}

function FollowUps(props: Section) {
  const t = useT();
  const tp = t.admin.policy;
  const { values, errors } = props;
  const channelOptions = CHANNELS.map((ch) => [ch, t.common.channel[ch]] as const);
  return (
    <section class="card">
      <h2>{tp.followUps}</h2>
      <div class="table-wrap">
        <table>
          <thead>
            <tr>
              <th>{tp.followUpKind}</th>
              <th>{tp.followUpChannel}</th>
              <th>{tp.followUpDue}</th>
            </tr>
          </thead>
          <tbody>
            {FOLLOW_UP_KINDS.map((k) => {
              const label = k === "birthday" ? tp.birthday : t.common.lifeEvent[k];
              const name = `followUps.${k}.channel`;
              const bad = Boolean(errors?.[name]);
              return (
                <tr>
                  <th>{label}</th>
                  <td>
                    <select
                      id={name}
                      name={name}
                      aria-label={`${label} ${tp.followUpChannel}`}
                      class={bad ? "invalid" : undefined}
                      aria-describedby={bad ? `${name}-error` : undefined}
                    >
                      {channelOptions.map(([value, text]) => (
                        <option value={value} selected={values[name] === value}>
                          {text}
                        </option>
                      ))}
                    </select>
                    <FieldError errors={errors} name={name} />
                  </td>
                  <NumberCell name={`followUps.${k}.dueDays`} label={`${label} ${tp.followUpDue}`} values={values} errors={errors} />
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Gifts(props: Section) {
  const t = useT();
  const tp = t.admin.policy;
  const { values, errors } = props;
  return (
    <section class="card">
      <h2>{tp.gifts}</h2>
      <TextField name="giftCapPerStoreYear" type="number" inputmode="decimal" label={tp.giftCap} value={values.giftCapPerStoreYear ?? ""} errors={errors} />
      <TextField name="interactionEditDays" type="number" inputmode="numeric" label={tp.interactionEditDays} value={values.interactionEditDays ?? ""} errors={errors} />
      <TextField name="mourningDays" type="number" inputmode="numeric" label={tp.mourningDays} value={values.mourningDays ?? ""} errors={errors} />
    </section>
  );
}

function CheckIn(props: Section) {
  const t = useT();
  const tp = t.admin.policy;
  const { values, errors } = props;
  return (
    <section class="card">
      <h2>{tp.checkIn}</h2>
      <label class="check">
        <input type="checkbox" name="checkIn.enabled" value="1" checked={values["checkIn.enabled"] === "1"} />
        {tp.checkInEnabled}
      </label>
      <p class="muted small">{tp.checkInHint}</p>
      <TextField name="checkIn.onSiteMeters" type="number" inputmode="numeric" label={tp.onSiteMeters} value={values["checkIn.onSiteMeters"] ?? ""} errors={errors} />
    </section>
  );
}

function PaceBands(props: Section) {
  const tp = useT().admin.policy;
  const { values, errors } = props;
  return (
    <section class="card">
      <h2>{tp.paceBands}</h2>
      <p class="muted small">{tp.paceBandsHint}</p>
      <TextField name="paceBands.onPace" type="number" inputmode="numeric" label={tp.onPace} value={values["paceBands.onPace"] ?? ""} errors={errors} />
      <TextField name="paceBands.slipping" type="number" inputmode="numeric" label={tp.slipping} value={values["paceBands.slipping"] ?? ""} errors={errors} />
    </section>
  );
}

function WorkingCalendar(props: Section) {
  const t = useT();
  const tp = t.admin.policy;
  const { values, errors } = props;
  const working = new Set((values.workingDays ?? "").split(","));
  return (
    <section class="card">
      <h2>{tp.calendar}</h2>
      <fieldset
        class={`days${errors?.workingDays ? " invalid" : ""}`}
        id="workingDays"
        aria-describedby={errors?.workingDays ? "workingDays-error" : undefined}
      >
        <legend>{tp.workingDays}</legend>
        {WEEKDAYS.map((d) => (
          <label class="check">
            <input type="checkbox" name="workingDays" value={String(d)} checked={working.has(String(d))} />
            {tp.weekdays[d - 1]}
          </label>
        ))}
      </fieldset>
      <FieldError errors={errors} name="workingDays" />
      <label class="check">
        <input type="checkbox" name="officialHolidaysOff" value="1" checked={values.officialHolidaysOff === "1"} />
        {tp.officialHolidaysOff}
      </label>
      <div class="field">
        <label for="extraNonWorkingDates">{tp.extraDates}</label>
        <textarea
          id="extraNonWorkingDates"
          name="extraNonWorkingDates"
          rows={4}
          class={errors?.extraNonWorkingDates ? "invalid" : undefined}
          aria-describedby={errors?.extraNonWorkingDates ? "extraNonWorkingDates-error" : undefined}
        >
          {/* HTML drops one line break right after <textarea>: line numbers in errors stay right. */}
          {"\n"}
          {values.extraNonWorkingDates ?? ""}
        </textarea>
        <div class="muted small">{tp.extraDatesHint}</div>
        <FieldError errors={errors} name="extraNonWorkingDates" />
      </div>
      <TextField name="timeZone" label={tp.timeZone} hint={tp.timeZoneHint} value={values.timeZone ?? ""} errors={errors} />
    </section>
  );
}

function Digests(props: Section) {
  const t = useT();
  const tp = t.admin.policy;
  const { values, errors } = props;
  return (
    <section class="card">
      <h2>{tp.digest}</h2>
      <TextField name="digest.defaultTime" type="time" label={tp.digestTime} value={values["digest.defaultTime"] ?? ""} errors={errors} />
      <TextField name="digest.cutoffTime" type="time" label={tp.cutoffTime} value={values["digest.cutoffTime"] ?? ""} errors={errors} />
      <SelectField
        name="digest.weeklyDay"
        label={tp.weeklyDay}
        value={values["digest.weeklyDay"] ?? ""}
        errors={errors}
        options={WEEKDAYS.map((d) => [String(d), tp.weekdays[d - 1] ?? String(d)] as const)}
      />
      <TextField name="digest.maxPlanItems" type="number" inputmode="numeric" label={tp.maxPlanItems} value={values["digest.maxPlanItems"] ?? ""} errors={errors} />
      {QUOTA_CHANNELS.map((ch) => (
        <TextField
          name={`digest.planCapacity.${ch}`}
          type="number"
          inputmode="numeric"
          label={tp.planCapacity(t.common.channel[ch])}
          value={values[`digest.planCapacity.${ch}`] ?? ""}
          errors={errors}
        />
      ))}
      <TextField name="digest.skipClosedDays" type="number" inputmode="numeric" label={tp.skipClosedDays} value={values["digest.skipClosedDays"] ?? ""} errors={errors} />
    </section>
  );
}

function PolicyForm(props: Section & { policy: PolicyRules; changed: { at: number; by: string } | null }) {
  const tp = useT().admin.policy;
  const { policy: current, changed } = props;
  return (
    <>
      <h1>{tp.title}</h1>
      <p class="muted small">{tp.intro}</p>
      {changed && (
        <p class="muted small">
          {tp.updated(`${localDateOf(changed.at, current.timeZone)} ${localTimeOf(changed.at, current.timeZone)}`, changed.by)}
        </p>
      )}
      <form method="post" action="/admin/policy" novalidate>
        <Csrf />
        <Quotas values={props.values} errors={props.errors} />
        <RepRules values={props.values} errors={props.errors} />
        <FollowUps values={props.values} errors={props.errors} />
        <Gifts values={props.values} errors={props.errors} />
        <CheckIn values={props.values} errors={props.errors} />
        <PaceBands values={props.values} errors={props.errors} />
        <WorkingCalendar values={props.values} errors={props.errors} />
        <Digests values={props.values} errors={props.errors} />
        <div class="sticky-submit">
          <button class="block" type="submit">
            {tp.save}
          </button>
        </div>
      </form>
    </>
  );
}

/** The policy form: the saved policy, or what was typed with its errors (400). */
async function renderPolicy(c: AppContext, props: { values?: Values; errors?: Errors; notice?: string }, status: ContentfulStatusCode = 200) {
  requireViewer(c, "admin");
  const t = c.get("t");
  const { policy, changed } = await policyWithAuthor(c.get("db"));
  const body = <PolicyForm policy={policy} changed={changed} values={props.values ?? toValues(policy)} errors={props.errors} />;
  return renderAdmin(c, { title: t.admin.policy.title, section: "policy", notice: props.notice, error: props.errors ? t.common.fixErrors : undefined }, body, status);
}

export const adminPolicy = new Hono<AppEnv>()
  .get("/", (c) => {
    return renderPolicy(c, { notice: c.req.query("done") === "saved" ? c.get("t").admin.saved : undefined });
  })
  .post("/", async (c) => {
    const viewer = requireViewer(c, "admin");
    const t = c.get("t");
    const values = fromForm(await c.req.formData());
    // A day off must be a real day: the policy's date schema refuses 2026-02-30 (domain/fields.ts).
    const result = validatePolicy(toCandidate(values));
    if (!result.ok) return renderPolicy(c, { values, errors: policyFieldErrors(result.fields, values, t) }, 400);
    const data: PolicyRules = {
      ...result.value,
      // Stored tidy: each day once, in order.
      workingDays: [...new Set(result.value.workingDays)].sort((a, b) => a - b),
      extraNonWorkingDates: [...new Set(result.value.extraNonWorkingDates)].sort(),
    };
    const now = c.get("now");
    await savePolicy(c.get("db"), data, viewer.id, now);
    return c.redirect("/admin/policy?done=saved", 303);
  });
