"""The control plane under /_admin (Flask blueprint)."""
