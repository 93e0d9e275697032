"""Pushes to Commerce's inbound services: render the outbox's records as BODs, deliver them, run the lifecycle."""
