import type { Messages } from "../zh-CN/index.ts";
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

export const en: Messages = { common, auth, validation, log, settings, outbox, greetings, admin, stores, progress, calendar, mail, festivals, offline, manager };
