CREATE TABLE `working_calendar_days` (
	`date` text PRIMARY KEY NOT NULL,
	`year` integer NOT NULL,
	`kind` text NOT NULL,
	FOREIGN KEY (`year`) REFERENCES `working_calendar_years`(`year`) ON UPDATE no action ON DELETE cascade,
	CONSTRAINT "working_calendar_days_kind_ck" CHECK("working_calendar_days"."kind" in ('holiday','workday')),
	CONSTRAINT "working_calendar_days_year_ck" CHECK(substr("working_calendar_days"."date", 1, 4) = printf('%04d', "working_calendar_days"."year"))
);
--> statement-breakpoint
CREATE INDEX `working_calendar_days_year_idx` ON `working_calendar_days` (`year`);--> statement-breakpoint
CREATE TABLE `working_calendar_years` (
	`year` integer PRIMARY KEY NOT NULL,
	`updated_at` integer DEFAULT (cast(unixepoch('subsec') * 1000 as integer)) NOT NULL,
	`updated_by` integer,
	FOREIGN KEY (`updated_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
-- hand-written: a lunar 12th-month festival (腊八, 除夕) now belongs to the year of the Spring Festival it leads to, the solar year it falls in, one more than the lunar year it was filed under before: contacts logged for it move with it, so they still cover the same occurrence.
UPDATE `interactions` SET `festival_year` = `festival_year` + 1 WHERE `festival_year` IS NOT NULL AND `festival_key` IN (SELECT `key` FROM `festivals` WHERE `calendar` = 'lunar' AND `month` = 12);
