-- Ids are never reused (issue 9): AUTOINCREMENT on the tables whose rows are deleted, or named by
-- the audit log, URLs and API clients. SQLite cannot add AUTOINCREMENT in place, so each table is
-- rebuilt (create __new_x, copy, drop, rename). DROP TABLE with foreign keys ON would delete the
-- children (ON DELETE cascade / set null): @libsql/client's migrate() turns them off before its
-- transaction (a PRAGMA inside one is a no-op), and this guard refuses to run otherwise.
CREATE TABLE `__migration_guard` (
	`foreign_keys` integer NOT NULL CHECK (`foreign_keys` = 0),
	`violations` integer NOT NULL CHECK (`violations` = 0)
);
--> statement-breakpoint
INSERT INTO `__migration_guard` SELECT (SELECT foreign_keys FROM pragma_foreign_keys), 0;--> statement-breakpoint
CREATE TABLE `__new_contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_id` integer NOT NULL,
	`role` text NOT NULL,
	`name` text NOT NULL,
	`form_of_address` text,
	`phone` text,
	`wechat` text,
	`qq` text,
	`birthday_calendar` text,
	`birthday_month` integer,
	`birthday_day` integer,
	`birthday_leap_month` integer DEFAULT false NOT NULL,
	`birth_year` integer,
	`tags` text DEFAULT '[]' NOT NULL,
	`preferences` text,
	`family_notes` text,
	`do_not_contact` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "contacts_role_ck" CHECK("__new_contacts"."role" in ('owner','manager','clerk','pharmacist','buyer')),
	CONSTRAINT "contacts_birthday_ck" CHECK(("__new_contacts"."birthday_calendar" is null and "__new_contacts"."birthday_month" is null and "__new_contacts"."birthday_day" is null)
        or ("__new_contacts"."birthday_calendar" in ('solar','lunar') and "__new_contacts"."birthday_month" between 1 and 12
            and "__new_contacts"."birthday_day" between 1 and (case "__new_contacts"."birthday_calendar" when 'lunar' then 30 else 31 end)))
);
--> statement-breakpoint
INSERT INTO `__new_contacts`("id", "store_id", "role", "name", "form_of_address", "phone", "wechat", "qq", "birthday_calendar", "birthday_month", "birthday_day", "birthday_leap_month", "birth_year", "tags", "preferences", "family_notes", "do_not_contact", "created_at", "updated_at") SELECT "id", "store_id", "role", "name", "form_of_address", "phone", "wechat", "qq", "birthday_calendar", "birthday_month", "birthday_day", "birthday_leap_month", "birth_year", "tags", "preferences", "family_notes", "do_not_contact", "created_at", "updated_at" FROM `contacts`;--> statement-breakpoint
DROP TABLE `contacts`;--> statement-breakpoint
ALTER TABLE `__new_contacts` RENAME TO `contacts`;--> statement-breakpoint
CREATE INDEX `contacts_store_idx` ON `contacts` (`store_id`);--> statement-breakpoint
CREATE INDEX `contacts_birthday_idx` ON `contacts` (`birthday_calendar`,`birthday_month`,`birthday_day`);--> statement-breakpoint
CREATE TABLE `__new_interactions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rep_id` integer NOT NULL,
	`store_id` integer NOT NULL,
	`contact_id` integer,
	`channel` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`local_date` text NOT NULL,
	`occasion` text DEFAULT 'routine' NOT NULL,
	`festival_key` text,
	`festival_year` integer,
	`life_event_id` integer,
	`gift_what` text,
	`gift_value` real,
	`asked_help` integer DEFAULT false NOT NULL,
	`problem_solved` text,
	`training_topic` text,
	`notes` text,
	`greeting_template_id` integer,
	`idempotency_key` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`rep_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`life_event_id`) REFERENCES `life_events`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "interactions_channel_ck" CHECK("__new_interactions"."channel" in ('visit','phone','message','third_party')),
	CONSTRAINT "interactions_occasion_ck" CHECK("__new_interactions"."occasion" in ('routine','festival','birthday','life_event','training')),
	CONSTRAINT "interactions_gift_ck" CHECK("__new_interactions"."gift_value" is null or "__new_interactions"."gift_value" >= 0),
	CONSTRAINT "interactions_festival_ck" CHECK("__new_interactions"."occasion" <> 'festival' or "__new_interactions"."festival_key" is not null)
);
--> statement-breakpoint
INSERT INTO `__new_interactions`("id", "rep_id", "store_id", "contact_id", "channel", "occurred_at", "local_date", "occasion", "festival_key", "festival_year", "life_event_id", "gift_what", "gift_value", "asked_help", "problem_solved", "training_topic", "notes", "greeting_template_id", "idempotency_key", "created_at") SELECT "id", "rep_id", "store_id", "contact_id", "channel", "occurred_at", "local_date", "occasion", "festival_key", "festival_year", "life_event_id", "gift_what", "gift_value", "asked_help", "problem_solved", "training_topic", "notes", "greeting_template_id", "idempotency_key", "created_at" FROM `interactions`;--> statement-breakpoint
DROP TABLE `interactions`;--> statement-breakpoint
ALTER TABLE `__new_interactions` RENAME TO `interactions`;--> statement-breakpoint
CREATE UNIQUE INDEX `interactions_idem_uq` ON `interactions` (`rep_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `interactions_rep_date_idx` ON `interactions` (`rep_id`,`local_date`);--> statement-breakpoint
CREATE INDEX `interactions_store_date_idx` ON `interactions` (`store_id`,`local_date`,`channel`,`occasion`);--> statement-breakpoint
CREATE INDEX `interactions_contact_idx` ON `interactions` (`contact_id`);--> statement-breakpoint
CREATE INDEX `interactions_life_event_idx` ON `interactions` (`life_event_id`);--> statement-breakpoint
CREATE TABLE `__new_life_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`contact_id` integer NOT NULL,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`notes` text,
	`state` text DEFAULT 'open' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "life_events_kind_ck" CHECK("__new_life_events"."kind" in ('wedding','new_baby','bereavement','illness','accident')),
	CONSTRAINT "life_events_state_ck" CHECK("__new_life_events"."state" in ('open','done','dismissed')),
	CONSTRAINT "life_events_date_ck" CHECK("__new_life_events"."date" glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
INSERT INTO `__new_life_events`("id", "contact_id", "kind", "date", "notes", "state", "created_at") SELECT "id", "contact_id", "kind", "date", "notes", "state", "created_at" FROM `life_events`;--> statement-breakpoint
DROP TABLE `life_events`;--> statement-breakpoint
ALTER TABLE `__new_life_events` RENAME TO `life_events`;--> statement-breakpoint
CREATE INDEX `life_events_contact_idx` ON `life_events` (`contact_id`);--> statement-breakpoint
CREATE INDEX `life_events_open_idx` ON `life_events` (`state`,`date`);--> statement-breakpoint
CREATE TABLE `__new_stores` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`class` text NOT NULL,
	`rep_id` integer,
	`address` text,
	`city` text,
	`phone` text,
	`archived` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`rep_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "stores_class_ck" CHECK("__new_stores"."class" in ('A','B','C'))
);
--> statement-breakpoint
INSERT INTO `__new_stores`("id", "name", "class", "rep_id", "address", "city", "phone", "archived", "created_at") SELECT "id", "name", "class", "rep_id", "address", "city", "phone", "archived", "created_at" FROM `stores`;--> statement-breakpoint
DROP TABLE `stores`;--> statement-breakpoint
ALTER TABLE `__new_stores` RENAME TO `stores`;--> statement-breakpoint
CREATE INDEX `stores_rep_idx` ON `stores` (`rep_id`,`archived`);--> statement-breakpoint
CREATE INDEX `stores_city_idx` ON `stores` (`city`);--> statement-breakpoint
CREATE TABLE `__new_teams` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
INSERT INTO `__new_teams`("id", "name", "created_at") SELECT "id", "name", "created_at" FROM `teams`;--> statement-breakpoint
DROP TABLE `teams`;--> statement-breakpoint
ALTER TABLE `__new_teams` RENAME TO `teams`;--> statement-breakpoint
CREATE UNIQUE INDEX `teams_name_unique` ON `teams` (`name`);--> statement-breakpoint
CREATE TABLE `__new_users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`team_id` integer,
	`locale` text DEFAULT 'zh-CN' NOT NULL,
	`time_zone` text DEFAULT 'Asia/Shanghai' NOT NULL,
	`digest_time` text DEFAULT '07:30' NOT NULL,
	`digest_paused` integer DEFAULT false NOT NULL,
	`phone` text,
	`active` integer DEFAULT true NOT NULL,
	`calendar_token_hash` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`team_id`) REFERENCES `teams`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "users_role_ck" CHECK("__new_users"."role" in ('rep','manager','admin')),
	CONSTRAINT "users_locale_ck" CHECK("__new_users"."locale" in ('zh-CN','en')),
	CONSTRAINT "users_digest_time_ck" CHECK("__new_users"."digest_time" glob '[0-2][0-9]:[0-5][0-9]')
);
--> statement-breakpoint
INSERT INTO `__new_users`("id", "email", "name", "role", "team_id", "locale", "time_zone", "digest_time", "digest_paused", "phone", "active", "calendar_token_hash", "created_at") SELECT "id", "email", "name", "role", "team_id", "locale", "time_zone", "digest_time", "digest_paused", "phone", "active", "calendar_token_hash", "created_at" FROM `users`;--> statement-breakpoint
DROP TABLE `users`;--> statement-breakpoint
ALTER TABLE `__new_users` RENAME TO `users`;--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_calendar_token_hash_unique` ON `users` (`calendar_token_hash`);--> statement-breakpoint
CREATE INDEX `users_team_idx` ON `users` (`team_id`,`role`);--> statement-breakpoint
CREATE TABLE `__new_visit_insights` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`interaction_id` integer NOT NULL,
	`kind` text NOT NULL,
	`contact_id` integer,
	`subject` text,
	`detail` text NOT NULL,
	`reason` text,
	`action` text,
	`status` text DEFAULT 'open' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`interaction_id`) REFERENCES `interactions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "visit_insights_kind_ck" CHECK("__new_visit_insights"."kind" in ('product_feedback','clerk_preference','preference_action','family','competitor','slow_mover')),
	CONSTRAINT "visit_insights_status_ck" CHECK("__new_visit_insights"."status" in ('open','resolved'))
);
--> statement-breakpoint
INSERT INTO `__new_visit_insights`("id", "interaction_id", "kind", "contact_id", "subject", "detail", "reason", "action", "status", "created_at") SELECT "id", "interaction_id", "kind", "contact_id", "subject", "detail", "reason", "action", "status", "created_at" FROM `visit_insights`;--> statement-breakpoint
DROP TABLE `visit_insights`;--> statement-breakpoint
ALTER TABLE `__new_visit_insights` RENAME TO `visit_insights`;--> statement-breakpoint
CREATE INDEX `visit_insights_interaction_idx` ON `visit_insights` (`interaction_id`,`kind`,`status`);--> statement-breakpoint
CREATE INDEX `visit_insights_kind_idx` ON `visit_insights` (`kind`,`status`);--> statement-breakpoint
-- New ids start above every id ever used: the copies set each sequence to the table's largest id,
-- and ids of deleted rows that the audit log still names (the newest contact, erased) count too.
INSERT INTO `sqlite_sequence` (`name`, `seq`)
SELECT t.name, 0 FROM (
	SELECT 'teams' AS name UNION ALL SELECT 'users' UNION ALL SELECT 'stores' UNION ALL SELECT 'contacts'
	UNION ALL SELECT 'life_events' UNION ALL SELECT 'interactions' UNION ALL SELECT 'visit_insights'
) t WHERE NOT EXISTS (SELECT 1 FROM `sqlite_sequence` q WHERE q.name = t.name);--> statement-breakpoint
UPDATE `sqlite_sequence` SET `seq` = max(`seq`, coalesce((SELECT max(`entity_id`) FROM `audit_log` WHERE `entity` = 'contact'), 0)) WHERE `name` = 'contacts';--> statement-breakpoint
UPDATE `sqlite_sequence` SET `seq` = max(`seq`, coalesce((SELECT max(`entity_id`) FROM `audit_log` WHERE `entity` = 'life_event'), 0)) WHERE `name` = 'life_events';--> statement-breakpoint
UPDATE `sqlite_sequence` SET `seq` = max(`seq`, coalesce((SELECT max(`actor_id`) FROM `audit_log`), 0)) WHERE `name` = 'users';--> statement-breakpoint
-- Every link still points at a row (the whole database, not only the rebuilt tables).
INSERT INTO `__migration_guard` SELECT 0, (SELECT count(*) FROM pragma_foreign_key_check);--> statement-breakpoint
DROP TABLE `__migration_guard`;
