"""Control-plane storage shared by every worker: fault rules, the request journal, domain events, snapshots, metrics."""
