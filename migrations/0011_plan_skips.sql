CREATE TABLE `plan_skips` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rep_id` integer NOT NULL,
	`store_id` integer NOT NULL,
	`channel` text NOT NULL,
	`local_date` text NOT NULL,
	`reason` text NOT NULL,
	`note` text,
	`created_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	FOREIGN KEY (`rep_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "plan_skips_channel_ck" CHECK("plan_skips"."channel" in ('visit','phone','message')),
	CONSTRAINT "plan_skips_reason_ck" CHECK("plan_skips"."reason" in ('closed','owner_away','not_logged','other'))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_skips_item_uq` ON `plan_skips` (`rep_id`,`local_date`,`store_id`,`channel`);