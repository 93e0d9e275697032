"""Gen-B ("WebSphere Commerce integration", non-/9/ namespaces) BOD codec: requests as Commerce sends them."""
