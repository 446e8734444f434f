ALTER TABLE `deleted_interactions` ADD `lat` real;--> statement-breakpoint
ALTER TABLE `deleted_interactions` ADD `lng` real;--> statement-breakpoint
ALTER TABLE `deleted_interactions` ADD `accuracy_m` real;--> statement-breakpoint
ALTER TABLE `interactions` ADD `lat` real;--> statement-breakpoint
ALTER TABLE `interactions` ADD `lng` real;--> statement-breakpoint
ALTER TABLE `interactions` ADD `accuracy_m` real;--> statement-breakpoint
ALTER TABLE `stores` ADD `lat` real;--> statement-breakpoint
ALTER TABLE `stores` ADD `lng` real;--> statement-breakpoint
ALTER TABLE `stores` ADD `location_source` text;