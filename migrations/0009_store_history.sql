CREATE TABLE `store_assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`store_id` integer NOT NULL,
	`rep_id` integer,
	`tier` text NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text,
	FOREIGN KEY (`store_id`) REFERENCES `stores`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`rep_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "store_assignments_tier_ck" CHECK("store_assignments"."tier" in ('A','B','C')),
	CONSTRAINT "store_assignments_range_ck" CHECK("store_assignments"."valid_to" is null or "store_assignments"."valid_to" > "store_assignments"."valid_from")
);
--> statement-breakpoint
CREATE INDEX `store_assignments_rep_idx` ON `store_assignments` (`rep_id`,`valid_from`);--> statement-breakpoint
CREATE INDEX `store_assignments_store_idx` ON `store_assignments` (`store_id`,`valid_from`);--> statement-breakpoint
CREATE UNIQUE INDEX `store_assignments_current_uq` ON `store_assignments` (`store_id`) WHERE "store_assignments"."valid_to" is null;--> statement-breakpoint
ALTER TABLE `stores` ADD `code` text;--> statement-breakpoint
CREATE UNIQUE INDEX `stores_code_uq` ON `stores` (`code`) WHERE "stores"."code" is not null;--> statement-breakpoint
-- hand-written: every live store's current rep and class becomes its current assignment. Nothing
-- recorded when they began, so the row reaches back to 2000-01-01 (ASSIGNMENTS_BACKFILLED_FROM in
-- src/domain/holding.ts): every month before this migration reads exactly as it did. Archived
-- stores counted in no month, and get no current row.
INSERT INTO `store_assignments` (`store_id`, `rep_id`, `tier`, `valid_from`, `valid_to`)
SELECT `id`, `rep_id`, `class`, '2000-01-01', NULL FROM `stores` WHERE `archived` = 0;
