"""rtkit."""
