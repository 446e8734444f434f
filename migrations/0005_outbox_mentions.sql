CREATE TABLE `outbox_mentions` (
	`outbox_id` integer NOT NULL,
	`contact_id` integer NOT NULL,
	PRIMARY KEY(`outbox_id`, `contact_id`),
	FOREIGN KEY (`outbox_id`) REFERENCES `outbox`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `outbox_mentions_contact_idx` ON `outbox_mentions` (`contact_id`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `redacted_at` integer;--> statement-breakpoint
-- Digests and weekly summaries stored before mentions were recorded cannot be matched to a contact
-- without decompressing every one, so their stored copies are dropped now (issue 9: nothing about
-- an erased contact may remain). Their state, attempts, times and provider id stay. Messages still
-- being sent keep the copy a retry resends.
UPDATE `outbox` SET `content` = NULL, `html` = NULL, `text` = NULL, `redacted_at` = cast(unixepoch('subsec') * 1000 as integer)
WHERE `kind` IN ('digest', 'weekly') AND `state` NOT IN ('claimed', 'sending')
	AND (`content` IS NOT NULL OR `html` IS NOT NULL OR `text` IS NOT NULL);
