CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`last_used_at` integer,
	`revoked_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `api_tokens_user_idx` ON `api_tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY NOT NULL,
	`actor_id` integer,
	`entity` text NOT NULL,
	`entity_id` integer NOT NULL,
	`action` text NOT NULL,
	`changes` text,
	`at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`actor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `contacts` (
	`id` integer PRIMARY KEY NOT NULL,
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
	CONSTRAINT "contacts_role_ck" CHECK("contacts"."role" in ('owner','manager','clerk','pharmacist','buyer')),
	CONSTRAINT "contacts_birthday_ck" CHECK(("contacts"."birthday_calendar" is null and "contacts"."birthday_month" is null and "contacts"."birthday_day" is null)
        or ("contacts"."birthday_calendar" in ('solar','lunar') and "contacts"."birthday_month" between 1 and 12
            and "contacts"."birthday_day" between 1 and (case "contacts"."birthday_calendar" when 'lunar' then 30 else 31 end)))
);
--> statement-breakpoint
CREATE INDEX `contacts_store_idx` ON `contacts` (`store_id`);--> statement-breakpoint
CREATE INDEX `contacts_birthday_idx` ON `contacts` (`birthday_calendar`,`birthday_month`,`birthday_day`);--> statement-breakpoint
CREATE TABLE `festivals` (
	`id` integer PRIMARY KEY NOT NULL,
	`key` text NOT NULL,
	`name_zh` text NOT NULL,
	`name_en` text NOT NULL,
	`calendar` text NOT NULL,
	`month` integer NOT NULL,
	`day` integer NOT NULL,
	`window_before` integer NOT NULL,
	`window_after` integer NOT NULL,
	`lead_days` integer NOT NULL,
	`actions` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	CONSTRAINT "festivals_calendar_ck" CHECK("festivals"."calendar" in ('lunar','solar')),
	CONSTRAINT "festivals_date_ck" CHECK("festivals"."month" between 1 and 12 and "festivals"."day" between 1 and 31)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `festivals_key_unique` ON `festivals` (`key`);--> statement-breakpoint
CREATE TABLE `greeting_templates` (
	`id` integer PRIMARY KEY NOT NULL,
	`occasion` text NOT NULL,
	`locale` text NOT NULL,
	`variant` integer NOT NULL,
	`body` text NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `greeting_templates_uq` ON `greeting_templates` (`occasion`,`locale`,`variant`);--> statement-breakpoint
CREATE TABLE `interactions` (
	`id` integer PRIMARY KEY NOT NULL,
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
	CONSTRAINT "interactions_channel_ck" CHECK("interactions"."channel" in ('visit','phone','message','third_party')),
	CONSTRAINT "interactions_occasion_ck" CHECK("interactions"."occasion" in ('routine','festival','birthday','life_event','training')),
	CONSTRAINT "interactions_gift_ck" CHECK("interactions"."gift_value" is null or "interactions"."gift_value" >= 0),
	CONSTRAINT "interactions_festival_ck" CHECK("interactions"."occasion" <> 'festival' or "interactions"."festival_key" is not null)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `interactions_idem_uq` ON `interactions` (`rep_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `interactions_rep_date_idx` ON `interactions` (`rep_id`,`local_date`);--> statement-breakpoint
CREATE INDEX `interactions_store_date_idx` ON `interactions` (`store_id`,`local_date`);--> statement-breakpoint
CREATE INDEX `interactions_contact_idx` ON `interactions` (`contact_id`);--> statement-breakpoint
CREATE INDEX `interactions_life_event_idx` ON `interactions` (`life_event_id`);--> statement-breakpoint
CREATE TABLE `life_events` (
	`id` integer PRIMARY KEY NOT NULL,
	`contact_id` integer NOT NULL,
	`kind` text NOT NULL,
	`date` text NOT NULL,
	`notes` text,
	`state` text DEFAULT 'open' NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "life_events_kind_ck" CHECK("life_events"."kind" in ('wedding','new_baby','bereavement','illness','accident')),
	CONSTRAINT "life_events_state_ck" CHECK("life_events"."state" in ('open','done','dismissed')),
	CONSTRAINT "life_events_date_ck" CHECK("life_events"."date" glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]')
);
--> statement-breakpoint
CREATE INDEX `life_events_contact_idx` ON `life_events` (`contact_id`);--> statement-breakpoint
CREATE INDEX `life_events_open_idx` ON `life_events` (`state`,`date`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`user_id` integer NOT NULL,
	`period` text NOT NULL,
	`to_email` text NOT NULL,
	`subject` text,
	`html` text,
	`text` text,
	`state` text DEFAULT 'claimed' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`last_error` text,
	`provider_id` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`sent_at` integer,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_claim_uq` ON `outbox` (`kind`,`user_id`,`period`);--> statement-breakpoint
CREATE INDEX `outbox_state_idx` ON `outbox` (`state`,`created_at`);--> statement-breakpoint
CREATE TABLE `policy` (
	`id` integer PRIMARY KEY NOT NULL,
	`data` text NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "policy_single_ck" CHECK("policy"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE `rate_limits` (
	`key` text PRIMARY KEY NOT NULL,
	`window_start` integer NOT NULL,
	`count` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`id_hash` text PRIMARY KEY NOT NULL,
	`user_id` integer NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`expires_at` integer NOT NULL,
	`last_seen_at` integer,
	`revoked_at` integer,
	`user_agent` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_user_idx` ON `sessions` (`user_id`);--> statement-breakpoint
CREATE TABLE `signin_tokens` (
	`id` integer PRIMARY KEY NOT NULL,
	`token_hash` text NOT NULL,
	`user_id` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `signin_tokens_token_hash_unique` ON `signin_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `signin_tokens_user_idx` ON `signin_tokens` (`user_id`);--> statement-breakpoint
CREATE TABLE `stores` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`class` text NOT NULL,
	`rep_id` integer,
	`address` text,
	`city` text,
	`phone` text,
	`archived` integer DEFAULT false NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`rep_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "stores_class_ck" CHECK("stores"."class" in ('A','B','C'))
);
--> statement-breakpoint
CREATE INDEX `stores_rep_idx` ON `stores` (`rep_id`,`archived`);--> statement-breakpoint
CREATE INDEX `stores_city_idx` ON `stores` (`city`);--> statement-breakpoint
CREATE TABLE `teams` (
	`id` integer PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `teams_name_unique` ON `teams` (`name`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY NOT NULL,
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
	CONSTRAINT "users_role_ck" CHECK("users"."role" in ('rep','manager','admin')),
	CONSTRAINT "users_locale_ck" CHECK("users"."locale" in ('zh-CN','en')),
	CONSTRAINT "users_digest_time_ck" CHECK("users"."digest_time" glob '[0-2][0-9]:[0-5][0-9]')
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE UNIQUE INDEX `users_calendar_token_hash_unique` ON `users` (`calendar_token_hash`);--> statement-breakpoint
CREATE INDEX `users_team_idx` ON `users` (`team_id`,`role`);--> statement-breakpoint
CREATE TABLE `visit_insights` (
	`id` integer PRIMARY KEY NOT NULL,
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
	CONSTRAINT "visit_insights_kind_ck" CHECK("visit_insights"."kind" in ('product_feedback','clerk_preference','preference_action','family','competitor','slow_mover')),
	CONSTRAINT "visit_insights_status_ck" CHECK("visit_insights"."status" in ('open','resolved'))
);
--> statement-breakpoint
CREATE INDEX `visit_insights_interaction_idx` ON `visit_insights` (`interaction_id`);--> statement-breakpoint
CREATE INDEX `visit_insights_kind_idx` ON `visit_insights` (`kind`,`status`);