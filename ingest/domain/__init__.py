"""A user's own domain: topic taxonomy and extra actors (files, checks, project scaffolding)."""
