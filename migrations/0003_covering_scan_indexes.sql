DROP INDEX `interactions_store_date_idx`;--> statement-breakpoint
CREATE INDEX `interactions_store_date_idx` ON `interactions` (`store_id`,`local_date`,`channel`,`occasion`);--> statement-breakpoint
DROP INDEX `visit_insights_interaction_idx`;--> statement-breakpoint
CREATE INDEX `visit_insights_interaction_idx` ON `visit_insights` (`interaction_id`,`kind`,`status`);