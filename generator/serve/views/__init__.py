"""The editor's pages, each module adding its routes to a blueprint: the pages of fields
and lists (fields), the base sections (departures), the logo, the task list and Check your
answers (overview), the list of profiles (folder), the pack (packs) and the reviews."""
