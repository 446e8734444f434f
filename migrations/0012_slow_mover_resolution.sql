ALTER TABLE `visit_insights` ADD `resolution` text;--> statement-breakpoint
ALTER TABLE `visit_insights` ADD `resolved_by` integer;--> statement-breakpoint
ALTER TABLE `visit_insights` ADD `resolved_at` integer;