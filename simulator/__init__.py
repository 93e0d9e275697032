"""backoffice-sim: a stateful simulator of the back office WebSphere Commerce integrates with."""
