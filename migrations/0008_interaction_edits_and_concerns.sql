CREATE TABLE `deleted_interactions` (
	`id` integer PRIMARY KEY NOT NULL,
	`rep_id` integer NOT NULL,
	`store_id` integer NOT NULL,
	`contact_id` integer,
	`channel` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`local_date` text NOT NULL,
	`occasion` text NOT NULL,
	`festival_key` text,
	`festival_year` integer,
	`life_event_id` integer,
	`gift_what` text,
	`gift_value` real,
	`asked_help` integer NOT NULL,
	`problem_solved` text,
	`training_topic` text,
	`notes` text,
	`greeting_template_id` integer,
	`idempotency_key` text NOT NULL,
	`created_at` integer NOT NULL,
	`insights` text NOT NULL,
	`deleted_at` integer NOT NULL,
	`deleted_by` integer,
	FOREIGN KEY (`deleted_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `deleted_interactions_idem_uq` ON `deleted_interactions` (`rep_id`,`idempotency_key`);--> statement-breakpoint
CREATE INDEX `deleted_interactions_store_idx` ON `deleted_interactions` (`store_id`);--> statement-breakpoint
CREATE INDEX `deleted_interactions_contact_idx` ON `deleted_interactions` (`contact_id`);--> statement-breakpoint
ALTER TABLE `audit_log` ADD `before` text;--> statement-breakpoint
ALTER TABLE `audit_log` ADD `after` text;--> statement-breakpoint
ALTER TABLE `life_events` ADD `concerns` text DEFAULT 'self' NOT NULL;