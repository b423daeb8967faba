DROP INDEX `loans_loan_key_uq`;--> statement-breakpoint
ALTER TABLE `loans` ADD `source` text;--> statement-breakpoint
-- Loans imported before sources existed were keyed "preset:id": the preset becomes their
-- source and the id their key, so a later export of the same system still finds them.
UPDATE `loans` SET `source` = substr(`loan_key`, 1, instr(`loan_key`, ':') - 1), `loan_key` = substr(`loan_key`, instr(`loan_key`, ':') + 1) WHERE instr(`loan_key`, ':') > 0;--> statement-breakpoint
CREATE UNIQUE INDEX `loans_source_key_uq` ON `loans` (`source`,`loan_key`,`loaned_at`) WHERE loan_key IS NOT NULL;
