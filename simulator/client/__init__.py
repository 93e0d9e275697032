"""Reference commerce client: WebSphere-Commerce-like outbound calls with caches."""
