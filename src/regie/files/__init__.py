"""Files users write by hand (business cases, later contracts): TOML formats and loaders."""
