"""Commerce's legacy messaging as a wire adapter: notifications in, outbox entries out, over HTTP and files."""
