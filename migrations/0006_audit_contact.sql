ALTER TABLE `audit_log` ADD `contact_id` integer;--> statement-breakpoint
CREATE INDEX `audit_log_contact_idx` ON `audit_log` (`contact_id`,`id`);--> statement-breakpoint
CREATE INDEX `audit_log_actor_idx` ON `audit_log` (`actor_id`,`id`);--> statement-breakpoint
-- Life events' rows written before this column: their contact, while the event still exists.
UPDATE `audit_log` SET `contact_id` = (SELECT `contact_id` FROM `life_events` WHERE `life_events`.`id` = `audit_log`.`entity_id`)
WHERE `entity` = 'life_event' AND `contact_id` IS NULL;
