"""The browser dashboard: a static page under /_dashboard that reads and drives the admin API."""
