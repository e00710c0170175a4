"""民主监督 services: every write, one atomic function per action."""
