PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_import_runs` (
	`run_key` text PRIMARY KEY NOT NULL,
	`file_key` text NOT NULL,
	`kind` text NOT NULL,
	`options` text,
	`file_name` text NOT NULL,
	`records` integer DEFAULT 0 NOT NULL,
	`imported` integer DEFAULT 0 NOT NULL,
	`rejected` integer DEFAULT 0 NOT NULL,
	`skipped` integer DEFAULT 0 NOT NULL,
	`batch_mark` integer DEFAULT 0 NOT NULL,
	`rejections` text DEFAULT '[]' NOT NULL,
	`status` text NOT NULL,
	`started_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
-- Runs from before options were kept were keyed by the file's content alone, with options
-- unknown: that key stays theirs, and no new run will have it.
INSERT INTO `__new_import_runs`("run_key", "file_key", "kind", "options", "file_name", "records", "imported", "rejected", "skipped", "batch_mark", "rejections", "status", "started_at", "updated_at") SELECT "file_key", "file_key", "kind", NULL, "file_name", "records", "imported", "rejected", "skipped", "batch_mark", "rejections", "status", "started_at", "updated_at" FROM `import_runs`;--> statement-breakpoint
DROP TABLE `import_runs`;--> statement-breakpoint
ALTER TABLE `__new_import_runs` RENAME TO `import_runs`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE INDEX `import_runs_file_idx` ON `import_runs` (`file_key`,`kind`);--> statement-breakpoint
CREATE TABLE `import_rejected_ranges` (
	`run_key` text NOT NULL,
	`first` integer NOT NULL,
	`last` integer NOT NULL,
	PRIMARY KEY(`run_key`, `first`),
	FOREIGN KEY (`run_key`) REFERENCES `import_runs`(`run_key`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
-- Which rows an old loan import rejected was not kept, except where it rejected them all: those
-- files can be imported again; of the others, every row read counts as imported.
INSERT INTO `import_rejected_ranges` ("run_key", "first", "last") SELECT "run_key", 1, "records" FROM `import_runs` WHERE "kind" = 'loans' AND "records" > 0 AND "rejected" = "records";
