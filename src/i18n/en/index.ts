import type { Messages } from "../zh-CN/index.ts";
import { common } from "./common.ts";
import { auth } from "./auth.ts";
import { validation } from "./validation.ts";
import { log } from "./log.ts";
import { settings } from "./settings.ts";

export const en: Messages = { common, auth, validation, log, settings };
